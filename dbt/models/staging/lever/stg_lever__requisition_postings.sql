{{ config(enabled=ats_vendor_enabled('lever')) }}

-- The postings of each requisition (dlt child table requisitions__postings).
with source as (

    {{ union_connections('lever', 'requisitions__postings', [
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as requisition_dlt_row_id,
        _dlt_list_idx as position,
        value as posting_id
    from source

)

select * from renamed
