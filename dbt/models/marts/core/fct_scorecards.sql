{#
    One row per scorecard. recommendation is one ordinal scale across vendors: strong_no < no < yes < strong_yes
    (recommendation_score 1-4), no_decision without a score. Feedback latency: interview end -> submission.
#}
with scorecards as (

    {{ union_vendors('scorecards') }}

),

interviews as (

    select interview_key, ends_at from {{ ref('fct_interviews') }}

)

select
    scorecards.*,
    case scorecards.recommendation
        when 'strong_no' then 1
        when 'no' then 2
        when 'yes' then 3
        when 'strong_yes' then 4
    end as recommendation_score,
    case
        when scorecards.submitted_at is not null and interviews.ends_at is not null
            then {{ ats_hours_between('interviews.ends_at', 'scorecards.submitted_at') }}
    end as feedback_latency_hours
from scorecards
left join interviews on scorecards.interview_key = interviews.interview_key
