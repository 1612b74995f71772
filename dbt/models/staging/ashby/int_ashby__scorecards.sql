{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby feedback on the shared ordinal scale: the overall recommendation score 1 Strong No, 2 No, 3 Yes,
-- 4 Strong Yes; no score is no_decision. Ashby lists only submitted feedback (drafts are not exposed).
-- interviewed_at is the start of the interview event the feedback is for.
with feedback as (

    select * from {{ ref('stg_ashby__application_feedback') }}

),

events as (

    select connection, interview_event_id, starts_at from {{ ref('stg_ashby__interview_events') }}

),

final as (

    select
        'ashby' as source_system,
        feedback.connection,
        {{ ats_key('ashby', 'feedback.feedback_id', 'feedback.connection') }} as scorecard_key,
        feedback.feedback_id as scorecard_id,
        {{ ats_key('ashby', 'feedback.application_id', 'feedback.connection') }} as application_key,
        {{ ats_key('ashby', 'feedback.interview_event_id', 'feedback.connection') }} as interview_key,
        {{ ats_key('ashby', 'feedback.submitted_by_user_id', 'feedback.connection') }} as interviewer_user_key,
        cast(feedback.overall_recommendation as {{ dbt.type_string() }}) as recommendation_raw,
        case feedback.overall_recommendation
            when 1 then 'strong_no'
            when 2 then 'no'
            when 3 then 'yes'
            when 4 then 'strong_yes'
            else 'no_decision'
        end as recommendation,
        case when feedback.submitted_at is not null then 'submitted' else 'draft' end as scorecard_status,
        events.starts_at as interviewed_at,
        feedback.submitted_at,
        feedback.submitted_at as created_at
    from feedback
    left join events
        on feedback.connection = events.connection
        and feedback.interview_event_id = events.interview_event_id

)

select {{ conform('scorecards') }} from final
