{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'applications', [
        ['id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['job_id', 'bigint'],
        ['job_post_id', 'bigint'],
        ['job_interview_stage_id', 'bigint'],
        ['status', 'string'],
        ['prospect', 'boolean'],
        ['source_id', 'bigint'],
        ['referrer_id', 'bigint'],
        ['recruiter_id', 'bigint'],
        ['coordinator_id', 'bigint'],
        ['rejection_reason_id', 'bigint'],
        ['rejected_at', 'timestamp'],
        ['last_activity_at', 'timestamp'],
        ['location_address', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,

        -- ids
        id as application_id,
        candidate_id,
        job_id,
        job_post_id,
        job_interview_stage_id as current_stage_id,
        source_id,
        referrer_id as referrer_user_id,
        recruiter_id as recruiter_user_id,
        coordinator_id as coordinator_user_id,
        rejection_reason_id,

        -- strings
        status,
        location_address,

        -- booleans
        coalesce(prospect, false) as is_prospect,

        -- timestamps (UTC)
        created_at as applied_at,
        rejected_at,
        last_activity_at,
        updated_at

    from source

)

select * from renamed
