with source as (

    select {{ typed_columns(source('raw_greenhouse', 'application_stages'), [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['job_interview_stage_id', 'bigint'],
        ['entered_at', 'timestamp'],
        ['exited_at', 'timestamp'],
        ['current', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}
    from {{ source('raw_greenhouse', 'application_stages') }}

),

renamed as (

    select
        id as application_stage_id,
        application_id,
        job_interview_stage_id as job_stage_id,
        entered_at,
        exited_at,
        coalesce("current", false) as is_current,
        created_at,
        updated_at
    from source

)

select * from renamed
