{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- One row per interviewer invited to an interview.
with source as (

    {{ union_connections('greenhouse', 'interviewers', [
        ['id', 'bigint'],
        ['interview_id', 'bigint'],
        ['user_id', 'bigint'],
        ['response_status', 'string'],
        ['scorecard_id', 'bigint'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interviewer_id,
        interview_id,
        user_id,
        scorecard_id,
        response_status,
        created_at,
        updated_at
    from source

)

select * from renamed
