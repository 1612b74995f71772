{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- One row per interviewer of an interview event, keyed <event id>:<user id> (Ashby's interviewer entries have no
-- id of their own). Ashby exposes no calendar response: response_status is null. The scorecard is the feedback the
-- interviewer submitted for that event.
with interviewers as (

    select * from {{ ref('stg_ashby__interview_event_interviewers') }}

),

events as (

    select connection, dlt_row_id, interview_event_id from {{ ref('stg_ashby__interview_events') }}

),

feedback as (

    -- one scorecard per interviewer and event (the latest submitted, should there be several)
    select connection, interview_event_id, submitted_by_user_id, feedback_id
    from (
        select
            connection, interview_event_id, submitted_by_user_id, feedback_id,
            row_number() over (
                partition by connection, interview_event_id, submitted_by_user_id
                order by submitted_at desc, feedback_id desc
            ) as feedback_rank
        from {{ ref('stg_ashby__application_feedback') }}
    ) as ranked
    where feedback_rank = 1

),

final as (

    select
        'ashby' as source_system,
        interviewers.connection,
        {{ ats_key('ashby', dbt.concat(['events.interview_event_id', "':'", 'interviewers.user_id']),
            'interviewers.connection') }} as interviewer_key,
        {{ ats_key('ashby', 'events.interview_event_id', 'interviewers.connection') }} as interview_key,
        {{ ats_key('ashby', 'interviewers.user_id', 'interviewers.connection') }} as user_key,
        cast(null as {{ dbt.type_string() }}) as response_status,
        {{ ats_key('ashby', 'feedback.feedback_id', 'interviewers.connection') }} as scorecard_key
    from interviewers
    inner join events
        on interviewers.connection = events.connection
        and interviewers.event_dlt_row_id = events.dlt_row_id
    left join feedback
        on interviewers.connection = feedback.connection
        and events.interview_event_id = feedback.interview_event_id
        and interviewers.user_id = feedback.submitted_by_user_id

)

select {{ conform('interviewers') }} from final
