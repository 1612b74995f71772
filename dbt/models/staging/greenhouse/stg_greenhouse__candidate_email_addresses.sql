{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Candidates' email addresses (dlt child table candidates__email_addresses), in the order the API lists them.
with source as (

    {{ union_connections('greenhouse', 'candidates__email_addresses', [
        ['value', 'string'],
        ['type', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as candidate_dlt_row_id,
        _dlt_list_idx as position,
        value as email,
        type as email_type
    from source

)

select * from renamed
