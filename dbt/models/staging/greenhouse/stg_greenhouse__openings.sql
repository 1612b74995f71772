{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'openings', [
        ['id', 'bigint'],
        ['job_id', 'bigint'],
        ['opening_id', 'string'],
        ['open', 'boolean'],
        ['opened_at', 'timestamp'],
        ['closed_at', 'timestamp'],
        ['close_reason_id', 'bigint'],
        ['application_id', 'bigint'],
        ['target_start_on', 'date'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as opening_id,
        job_id,
        opening_id as opening_code,
        coalesce("open", closed_at is null) as is_open,
        close_reason_id,
        application_id as hired_application_id,
        opened_at,
        closed_at,
        target_start_on as target_start_date,
        created_at,
        updated_at
    from source

)

select * from renamed
