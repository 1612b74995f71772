{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'application_stages', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['job_interview_stage_id', 'bigint'],
        ['entered_at', 'timestamp'],
        ['exited_at', 'timestamp'],
        ['current', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as application_stage_id,
        application_id,
        job_interview_stage_id as job_stage_id,
        coalesce("current", exited_at is null) as is_current,
        entered_at,
        exited_at,
        created_at,
        updated_at
    from source

)

select * from renamed
