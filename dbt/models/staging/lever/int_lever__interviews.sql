{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever interviews in the conformed shape. Lever has no interview status: canceledAt -> cancelled; otherwise
    from its feedback forms: all completed -> complete, some still open -> awaiting_feedback, none -> scheduled.
    Ends at date + duration (minutes). The stage is the posting's stage (see int_lever__job_stages).
#}
with interviews as (

    select * from {{ ref('stg_lever__interviews') }}

),

applications as (

    select distinct connection, opportunity_id, posting_id
    from {{ ref('stg_lever__applications') }}
    where posting_id is not null

),

feedback as (

    select
        connection,
        interview_id,
        count(*) as forms,
        count(completed_at) as completed_forms
    from {{ ref('stg_lever__feedback') }}
    group by connection, interview_id

),

final as (

    select
        'lever' as source_system,
        interviews.connection,
        {{ ats_key('lever', 'interviews.interview_id', 'interviews.connection') }} as interview_key,
        interviews.interview_id,
        {{ ats_key('lever', 'interviews.opportunity_id', 'interviews.connection') }} as application_key,
        {{ ats_key('lever', 'applications.posting_id', 'interviews.connection') }} as job_key,
        case when applications.posting_id is not null then
            {{ ats_key('lever', dbt.concat(['applications.posting_id', "':'", 'interviews.stage_id']), 'interviews.connection') }}
        end as job_stage_key,
        interviews.interview_name,
        case
            when interviews.canceled_at is not null then 'cancelled'
            when feedback.forms > 0 and feedback.completed_forms = feedback.forms then 'complete'
            when feedback.forms > 0 then 'awaiting_feedback'
            else 'scheduled'
        end as interview_status,
        interviews.starts_at,
        {{ dbt.dateadd('minute', 'interviews.duration_minutes', 'interviews.starts_at') }} as ends_at,
        {{ ats_key('lever', 'interviews.organizer_user_id', 'interviews.connection') }} as organizer_user_key,
        interviews.location,
        interviews.created_at
    from interviews
    left join applications
        on interviews.connection = applications.connection
        and interviews.opportunity_id = applications.opportunity_id
    left join feedback
        on interviews.connection = feedback.connection
        and interviews.interview_id = feedback.interview_id

)

select {{ conform('interviews') }} from final
