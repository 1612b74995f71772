{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Interviewers of Lever interviews (one per interview and user), with the feedback form that user filed for it.
-- Lever does not expose calendar responses: response_status stays null.
with interviewers as (

    select * from {{ ref('stg_lever__interview_interviewers') }}

),

interviews as (

    select connection, interview_id, dlt_row_id from {{ ref('stg_lever__interviews') }}

),

feedback as (

    select connection, interview_id, interviewer_user_id, min(feedback_id) as feedback_id
    from {{ ref('stg_lever__feedback') }}
    group by connection, interview_id, interviewer_user_id

),

final as (

    select distinct
        'lever' as source_system,
        interviews.connection,
        {{ ats_key('lever', dbt.concat(['interviews.interview_id', "':'", 'interviewers.user_id']), 'interviews.connection') }}
            as interviewer_key,
        {{ ats_key('lever', 'interviews.interview_id', 'interviews.connection') }} as interview_key,
        {{ ats_key('lever', 'interviewers.user_id', 'interviews.connection') }} as user_key,
        cast(null as {{ dbt.type_string() }}) as response_status,
        {{ ats_key('lever', 'feedback.feedback_id', 'interviews.connection') }} as scorecard_key
    from interviewers
    inner join interviews
        on interviewers.connection = interviews.connection
        and interviewers.interview_dlt_row_id = interviews.dlt_row_id
    left join feedback
        on interviews.connection = feedback.connection
        and interviews.interview_id = feedback.interview_id
        and interviewers.user_id = feedback.interviewer_user_id

)

select {{ conform('interviewers') }} from final
