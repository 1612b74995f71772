{#
    Each applicant application (prospects excluded; one row per application, however many a candidate has)
    with what the funnels group by - cohort month, job, source, closed (hired or rejected), hired - the plan it
    goes through (its job's stages, or the connection's for vendors whose stages are shared by all jobs), and
    the furthest funnel position it visited (backward moves never lower it; null without a funnel visit) and the
    canonical stages it visited (visited_stages_mask, see int_application_progress).
#}
with applications as (

    select
        application_key,
        source_system,
        connection,
        candidate_key,
        job_key,
        source_key,
        cast({{ dbt.date_trunc('month', 'applied_at') }} as date) as cohort_month,
        is_closed,
        status = 'hired' as is_hired
    from {{ ref('int_applications') }}
    where not is_prospect and job_key is not null

),

plan_keys as (

    select distinct plan_key from {{ ref('int_job_stages') }} where is_funnel_stage

),

application_plans as (

    select applications.*, plan_keys.plan_key
    from applications
    inner join plan_keys on applications.job_key = plan_keys.plan_key
    union all
    select applications.*, plan_keys.plan_key
    from applications
    inner join plan_keys
        on {{ dbt.concat(["applications.source_system", "':'", "applications.connection", "':*'"]) }}
        = plan_keys.plan_key

)

select
    application_plans.*,
    progress.furthest_position,
    coalesce(progress.visited_stages_mask, 0) as visited_stages_mask
from application_plans
left join {{ ref('int_application_progress') }} as progress
    on application_plans.application_key = progress.application_key
