{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Scheduled interviews. The stage and name live on the interview plan slot (job_interview_id, /v3/job_interviews).
with source as (

    {{ union_connections('greenhouse', 'interviews', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['job_id', 'bigint'],
        ['job_interview_id', 'bigint'],
        ['status', 'string'],
        ['starts_at', 'timestamp'],
        ['ends_at', 'timestamp'],
        ['scheduled_at', 'timestamp'],
        ['organizer_id', 'bigint'],
        ['location', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interview_id,
        application_id,
        job_id,
        job_interview_id,
        status as interview_status,
        location,
        organizer_id as organizer_user_id,
        starts_at,
        ends_at,
        scheduled_at,
        created_at,
        updated_at
    from source

)

select * from renamed
