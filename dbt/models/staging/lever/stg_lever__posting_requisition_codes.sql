{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Postings' requisition codes (dlt child table postings__requisition_codes), in API order.
with source as (

    {{ union_connections('lever', 'postings__requisition_codes', [
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as posting_dlt_row_id,
        _dlt_list_idx as position,
        value as requisition_code
    from source

)

select * from renamed
