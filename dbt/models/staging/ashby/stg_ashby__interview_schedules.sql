{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Interview schedules (interviewSchedule.list): the application, stage, status and who scheduled it. Each holds
-- one or more interview events (stg_ashby__interview_events).
with source as (

    {{ union_connections('ashby', 'interview_schedules', [
        ['id', 'string'],
        ['status', 'string'],
        ['application_id', 'string'],
        ['interview_stage_id', 'string'],
        ['scheduled_by__id', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interview_schedule_id,
        _dlt_id as dlt_row_id,
        application_id,
        interview_stage_id,
        scheduled_by__id as scheduled_by_user_id,
        status as schedule_status,
        created_at,
        updated_at
    from source

)

select * from renamed
