{{ config(enabled=ats_vendor_enabled('lever')) }}

-- The fields of each offer (dlt child table offers__fields), e.g. salary_amount, anticipated_start_date (epoch ms
-- as a string).
with source as (

    {{ union_connections('lever', 'offers__fields', [
        ['identifier', 'string'],
        ['text', 'string'],
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as offer_dlt_row_id,
        _dlt_list_idx as position,
        identifier as field_identifier,
        text as field_text,
        value as field_value
    from source

)

select * from renamed
