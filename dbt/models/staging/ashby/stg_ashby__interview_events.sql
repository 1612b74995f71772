{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Interview events of a schedule (dlt child table interview_schedules__interview_events): one per interview held.
with source as (

    {{ union_connections('ashby', 'interview_schedules__interview_events', [
        ['id', 'string'],
        ['interview_id', 'string'],
        ['interview_schedule_id', 'string'],
        ['start_time', 'timestamp'],
        ['end_time', 'timestamp'],
        ['location', 'string'],
        ['has_submitted_feedback', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
        ['_dlt_id', 'string'],
        ['_dlt_parent_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interview_event_id,
        _dlt_id as dlt_row_id,
        _dlt_parent_id as schedule_dlt_row_id,
        interview_schedule_id,
        interview_id as interview_definition_id,
        location,
        coalesce(has_submitted_feedback, false) as has_submitted_feedback,
        start_time as starts_at,
        end_time as ends_at,
        created_at,
        updated_at
    from source

)

select * from renamed
