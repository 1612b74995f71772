{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Submitted feedback (applicationFeedback.list; Ashby lists only submitted forms). overall_recommendation is the
-- form's 1-4 score (1 Strong No .. 4 Strong Yes), null when the interviewer gave none.
with source as (

    {{ union_connections('ashby', 'application_feedback', [
        ['id', 'string'],
        ['application_id', 'string'],
        ['application_history_id', 'string'],
        ['interview_id', 'string'],
        ['interview_event_id', 'string'],
        ['submitted_by_user__id', 'string'],
        ['submitted_values__overall_recommendation', 'integer'],
        ['submitted_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as feedback_id,
        application_id,
        application_history_id,
        interview_id as interview_definition_id,
        interview_event_id,
        submitted_by_user__id as submitted_by_user_id,
        submitted_values__overall_recommendation as overall_recommendation,
        submitted_at
    from source

)

select * from renamed
