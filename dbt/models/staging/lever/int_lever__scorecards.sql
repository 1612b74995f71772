{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever feedback forms as scorecards. The overall rating is the form's score-system field, "4 - Strong Hire",
    "3 - Hire", "2 - No Hire", "1 - Strong No Hire", read by its leading digit onto the shared scale
    strong_yes / yes / no / strong_no; no value is no_decision. completed_at set: submitted, else draft.
#}
with feedback as (

    select * from {{ ref('stg_lever__feedback') }}

),

ratings as (

    select connection, feedback_dlt_row_id, min(field_value) as rating
    from {{ ref('stg_lever__feedback_fields') }}
    where field_type = 'score-system'
    group by connection, feedback_dlt_row_id

),

interviews as (

    select connection, interview_id, starts_at from {{ ref('stg_lever__interviews') }}

),

final as (

    select
        'lever' as source_system,
        feedback.connection,
        {{ ats_key('lever', 'feedback.feedback_id', 'feedback.connection') }} as scorecard_key,
        feedback.feedback_id as scorecard_id,
        {{ ats_key('lever', 'feedback.opportunity_id', 'feedback.connection') }} as application_key,
        {{ ats_key('lever', 'feedback.interview_id', 'feedback.connection') }} as interview_key,
        {{ ats_key('lever', 'feedback.interviewer_user_id', 'feedback.connection') }} as interviewer_user_key,
        ratings.rating as recommendation_raw,
        case {{ dbt.split_part('trim(ratings.rating)', "' '", 1) }}
            when '4' then 'strong_yes'
            when '3' then 'yes'
            when '2' then 'no'
            when '1' then 'strong_no'
            else 'no_decision'
        end as recommendation,
        case when feedback.completed_at is not null then 'submitted' else 'draft' end as scorecard_status,
        interviews.starts_at as interviewed_at,
        feedback.completed_at as submitted_at,
        feedback.created_at
    from feedback
    left join ratings
        on feedback.connection = ratings.connection
        and feedback.dlt_row_id = ratings.feedback_dlt_row_id
    left join interviews
        on feedback.connection = interviews.connection
        and feedback.interview_id = interviews.interview_id

)

select {{ conform('scorecards') }} from final
