-- One row per scheduled interview, with its length in hours and how many interviewers were invited.
with interviews as (

    {{ union_vendors('interviews') }}

),

interviewers as (

    select interview_key, count(*) as interviewers
    from {{ ref('fct_interview_interviewers') }}
    group by interview_key

)

select
    interviews.*,
    case
        when interviews.ends_at is not null and interviews.starts_at is not null
            then {{ ats_hours_between('interviews.starts_at', 'interviews.ends_at') }}
    end as duration_hours,
    coalesce(interviewers.interviewers, 0) as interviewers
from interviews
left join interviewers on interviews.interview_key = interviewers.interview_key
