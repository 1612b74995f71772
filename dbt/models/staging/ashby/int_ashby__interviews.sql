{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- One interview per Ashby interview event (a schedule can hold several). Status, application, stage and organizer
-- come from the schedule: Scheduled / WaitingOnFeedback / Complete / Cancelled map directly; the states before a
-- time is booked (NeedsScheduling, WaitingOnCandidate*, CandidateAvailabilitySubmitted, OnHold) are 'scheduled'.
-- The job is the application's. The interview's name needs interview.list (not loaded): null.
with events as (

    select * from {{ ref('stg_ashby__interview_events') }}

),

schedules as (

    select * from {{ ref('stg_ashby__interview_schedules') }}

),

applications as (

    select connection, application_id, job_id from {{ ref('stg_ashby__applications') }}

),

final as (

    select
        'ashby' as source_system,
        events.connection,
        {{ ats_key('ashby', 'events.interview_event_id', 'events.connection') }} as interview_key,
        events.interview_event_id as interview_id,
        {{ ats_key('ashby', 'schedules.application_id', 'events.connection') }} as application_key,
        {{ ats_key('ashby', 'applications.job_id', 'events.connection') }} as job_key,
        {{ ats_key('ashby', 'schedules.interview_stage_id', 'events.connection') }} as job_stage_key,
        cast(null as {{ dbt.type_string() }}) as interview_name,
        case schedules.schedule_status
            when 'Complete' then 'complete'
            when 'WaitingOnFeedback' then 'awaiting_feedback'
            when 'Cancelled' then 'cancelled'
            else 'scheduled'
        end as interview_status,
        events.starts_at,
        events.ends_at,
        {{ ats_key('ashby', 'schedules.scheduled_by_user_id', 'events.connection') }} as organizer_user_key,
        events.location,
        coalesce(events.created_at, schedules.created_at) as created_at
    from events
    inner join schedules
        on events.connection = schedules.connection
        and events.schedule_dlt_row_id = schedules.dlt_row_id
    left join applications
        on schedules.connection = applications.connection
        and schedules.application_id = applications.application_id

)

select {{ conform('interviews') }} from final
