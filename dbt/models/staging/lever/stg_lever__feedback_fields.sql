{{ config(enabled=ats_vendor_enabled('lever')) }}

-- The fields of each feedback form (dlt child table feedback__fields); the overall rating is the
-- score-system field ("4 - Strong Hire" .. "1 - Strong No Hire").
with source as (

    {{ union_connections('lever', 'feedback__fields', [
        ['type', 'string'],
        ['text', 'string'],
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as feedback_dlt_row_id,
        _dlt_list_idx as position,
        type as field_type,
        text as field_text,
        value as field_value
    from source

)

select * from renamed
