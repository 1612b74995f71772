{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Opportunities' sources (dlt child table opportunities__sources): source names, in API order.
with source as (

    {{ union_connections('lever', 'opportunities__sources', [
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as opportunity_dlt_row_id,
        _dlt_list_idx as position,
        value as source_name
    from source

)

select * from renamed
