{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'scorecards', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['interview_id', 'bigint'],
        ['interviewer_id', 'bigint'],
        ['submitter_id', 'bigint'],
        ['status', 'string'],
        ['candidate_rating', 'string'],
        ['interviewed_at', 'timestamp'],
        ['submitted_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as scorecard_id,
        application_id,
        interview_id,
        interviewer_id as interviewer_user_id,
        submitter_id as submitter_user_id,
        status as scorecard_status,
        candidate_rating,
        interviewed_at,
        submitted_at,
        created_at,
        updated_at
    from source

)

select * from renamed
