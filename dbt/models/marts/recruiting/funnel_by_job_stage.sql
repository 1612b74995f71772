{#
    Per stage of each job's interview plan (Greenhouse "pipeline history" style), applicant applications only:
    reached_strict (visited it), reached_imputed (visited it or a later stage of the plan), visits, how many
    moved on to any other stage (pass-through, backward moves included, as Greenhouse counts it), and time in
    stage over finished visits.
#}
with stages as (

    select * from {{ ref('int_job_stages') }}

),

application_plans as (

    select * from {{ ref('int_application_plans') }}

),

events as (

    select * from {{ ref('int_stage_events') }}
    where not is_prospect

),

plan_applications as (

    select plan_key, count(*) as applications
    from application_plans
    group by plan_key

),

furthest_counts as (

    select plan_key, furthest_position, count(*) as applications
    from application_plans
    where furthest_position is not null
    group by plan_key, furthest_position

),

imputed as (

    select stages.job_stage_key, {{ ats_integer_sum('furthest_counts.applications') }} as reached_imputed
    from stages
    inner join furthest_counts
        on stages.plan_key = furthest_counts.plan_key
        and furthest_counts.furthest_position >= stages.funnel_position
    group by stages.job_stage_key

),

visits as (

    select
        job_stage_key,
        {{ ats_count_where('stage_visit_number = 1') }} as reached_strict,
        count(*) as visits,
        {{ ats_count_where('not is_open') }} as finished_visits,
        count(distinct case
            when exit_kind in ('advanced', 'skipped_ahead', 'moved_back', 're_entered', 'moved') then application_key
        end) as moved_on,
        {{ ats_percentile('hours_in_stage', 0.5) }} as median_hours_in_stage,
        {{ ats_percentile('hours_in_stage', 0.9) }} as p90_hours_in_stage
    from events
    group by job_stage_key

)

select
    stages.job_stage_key,
    stages.source_system,
    stages.connection,
    stages.job_key,
    stages.plan_key,
    stages.stage_name,
    stages.stage_order,
    stages.funnel_position,
    stages.canonical_stage,
    coalesce(plan_applications.applications, 0) as applications,
    coalesce(visits.reached_strict, 0) as reached_strict,
    case when stages.is_funnel_stage then coalesce(imputed.reached_imputed, 0) end as reached_imputed,
    coalesce(visits.visits, 0) as visits,
    coalesce(visits.finished_visits, 0) as finished_visits,
    coalesce(visits.moved_on, 0) as moved_on,
    {{ ats_ratio('visits.moved_on', 'visits.reached_strict') }} as pass_through_rate,
    visits.median_hours_in_stage,
    visits.p90_hours_in_stage
from stages
left join plan_applications on stages.plan_key = plan_applications.plan_key
left join imputed on stages.job_stage_key = imputed.job_stage_key
left join visits on stages.job_stage_key = visits.job_stage_key
