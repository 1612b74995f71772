{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Archive reasons (why an opportunity was closed) with their type: hired or non-hired.
with source as (

    {{ union_connections('lever', 'archive_reasons', [
        ['id', 'string'],
        ['text', 'string'],
        ['status', 'string'],
        ['type', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as archive_reason_id,
        text as archive_reason_name,
        status as archive_reason_status,
        type as archive_reason_type
    from source

)

select * from renamed
