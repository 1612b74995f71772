{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Opportunities' email addresses (dlt child table opportunities__emails), in API order. PII.
with source as (

    {{ union_connections('lever', 'opportunities__emails', [
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
        value as email
    from source

)

select * from renamed
