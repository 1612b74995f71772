{#
    Interviewer load per interviewer and month (interview start, UTC): interviews they were invited to (not
    cancelled, invitation not declined), interview hours, scorecards submitted and missing (interview held,
    none submitted), and scorecard latency (interview end -> submission, hours) median and p90.
#}
with assignments as (

    select * from {{ ref('fct_interview_interviewers') }}
    where response_status is null or response_status <> 'declined'

),

interviews as (

    select * from {{ ref('fct_interviews') }}
    where interview_status <> 'cancelled'

),

scorecards as (

    select
        interview_key,
        interviewer_user_key,
        min(submitted_at) as submitted_at,
        min(feedback_latency_hours) as feedback_latency_hours
    from {{ ref('fct_scorecards') }}
    where scorecard_status = 'submitted'
    group by interview_key, interviewer_user_key

),

load as (

    select
        cast({{ dbt.date_trunc('month', 'interviews.starts_at') }} as date) as interview_month,
        assignments.source_system,
        assignments.connection,
        assignments.user_key,
        interviews.interview_status,
        interviews.duration_hours,
        scorecards.submitted_at,
        scorecards.feedback_latency_hours
    from assignments
    inner join interviews on assignments.interview_key = interviews.interview_key
    left join scorecards
        on assignments.interview_key = scorecards.interview_key
        and assignments.user_key = scorecards.interviewer_user_key

),

grouped as (

    select
        interview_month,
        source_system,
        connection,
        user_key,
        count(*) as interviews,
        sum(coalesce(duration_hours, 0)) as interview_hours,
        {{ ats_count_where('submitted_at is not null') }} as scorecards_submitted,
        {{ ats_count_where("submitted_at is null and interview_status in ('complete', 'awaiting_feedback')") }}
            as scorecards_missing,
        {{ ats_percentile('feedback_latency_hours', 0.5) }} as median_feedback_latency_hours,
        {{ ats_percentile('feedback_latency_hours', 0.9) }} as p90_feedback_latency_hours
    from load
    group by 1, 2, 3, 4

)

select
    grouped.*,
    users.full_name as interviewer_name
from grouped
left join {{ ref('dim_users') }} as users on grouped.user_key = users.user_key
