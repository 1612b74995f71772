{#
    Pipeline health of every open job: is its active pipeline, at historical conversion rates, enough for the
    hires it still needs (its open openings)?
    - active applications by current canonical stage; each is expected to become a hire with the historical
      rate P(hired | reached that stage) over closed applications (hired or rejected);
    - the rate comes from the job when at least var('ats_pipeline_health_min_sample') closed applications
      reached that stage there, else from its department, else from its connection (rate_basis says which);
    - expected_hires = sum over active applications of their rate; is_pipeline_thin = expected_hires < hires
      still needed; applications_needed = the shortfall divided by the applied -> hired rate.
#}
{% set min_sample = var('ats_pipeline_health_min_sample') %}
with jobs as (

    select * from {{ ref('dim_jobs') }}
    where job_status = 'open'

),

-- closed applicant applications, grouped when identical, and the canonical stages they visited
closed as (

    select
        job_key, source_system, connection, plan_key, visited_stages_mask, is_hired,
        count(*) as applications
    from {{ ref('int_application_plans') }}
    where is_closed
    group by job_key, source_system, connection, plan_key, visited_stages_mask, is_hired

),

reached as (

    select
        closed.job_key,
        jobs.department_key,
        closed.source_system,
        closed.connection,
        plan_stages.canonical_stage,
        closed.applications,
        case when closed.is_hired then closed.applications else 0 end as hired
    from closed
    inner join {{ ref('int_application_plan_stages') }} as plan_stages on closed.plan_key = plan_stages.plan_key
    left join {{ ref('dim_jobs') }} as jobs on closed.job_key = jobs.job_key
    where {{ ats_stage_reached('reached_strict', 'closed', 'plan_stages') }}

),

rate_job as (

    select job_key, canonical_stage,
        {{ ats_integer_sum('applications') }} as reached, {{ ats_integer_sum('hired') }} as hired
    from reached group by job_key, canonical_stage

),

rate_department as (

    select department_key, canonical_stage,
        {{ ats_integer_sum('applications') }} as reached, {{ ats_integer_sum('hired') }} as hired
    from reached group by department_key, canonical_stage

),

rate_connection as (

    select source_system, connection, canonical_stage,
        {{ ats_integer_sum('applications') }} as reached, {{ ats_integer_sum('hired') }} as hired
    from reached group by source_system, connection, canonical_stage

),

active as (

    select
        applications.job_key,
        applications.current_canonical_stage as canonical_stage,
        count(*) as active_applications
    from {{ ref('fct_applications') }} as applications
    where applications.status = 'active'
    group by applications.job_key, applications.current_canonical_stage

),

{% set rate %}
    case
        when rate_job.reached >= {{ min_sample }} then {{ ats_ratio('rate_job.hired', 'rate_job.reached') }}
        when rate_department.reached >= {{ min_sample }}
            then {{ ats_ratio('rate_department.hired', 'rate_department.reached') }}
        else coalesce({{ ats_ratio('rate_connection.hired', 'rate_connection.reached') }}, 0)
    end
{% endset %}
{% set basis %}
    case
        when rate_job.reached >= {{ min_sample }} then 'job'
        when rate_department.reached >= {{ min_sample }} then 'department'
        else 'connection'
    end
{% endset %}

stage_rates as (

    -- the rate of each canonical stage an open job can have active applications in
    select
        jobs.job_key,
        stages.canonical_stage,
        {{ rate }} as hire_rate,
        {{ basis }} as rate_basis
    from jobs
    cross join (
        select canonical_stage from {{ ref('canonical_stages') }} where canonical_stage <> 'hired'
    ) as stages
    left join rate_job
        on jobs.job_key = rate_job.job_key and stages.canonical_stage = rate_job.canonical_stage
    left join rate_department
        on jobs.department_key = rate_department.department_key
        and stages.canonical_stage = rate_department.canonical_stage
    left join rate_connection
        on jobs.source_system = rate_connection.source_system
        and jobs.connection = rate_connection.connection
        and stages.canonical_stage = rate_connection.canonical_stage

),

expected as (

    select
        active.job_key,
        {{ ats_integer_sum('active.active_applications') }} as active_applications,
        sum(active.active_applications * coalesce(stage_rates.hire_rate, 0)) as expected_hires
    from active
    left join stage_rates
        on active.job_key = stage_rates.job_key
        and active.canonical_stage = stage_rates.canonical_stage
    group by active.job_key

),

applied_rates as (

    select job_key, hire_rate as applied_to_hire_rate, rate_basis
    from stage_rates
    where canonical_stage = 'applied'

),

health as (

    select
        jobs.source_system,
        jobs.connection,
        jobs.job_key,
        jobs.job_title,
        jobs.department_key,
        jobs.department_name,
        jobs.opened_at,
        jobs.openings_open as hires_needed,
        coalesce(expected.active_applications, 0) as active_applications,
        coalesce(expected.expected_hires, 0) as expected_hires,
        applied_rates.applied_to_hire_rate,
        applied_rates.rate_basis
    from jobs
    left join expected on jobs.job_key = expected.job_key
    left join applied_rates on jobs.job_key = applied_rates.job_key

)

select
    health.*,
    case when expected_hires < hires_needed then hires_needed - expected_hires else 0 end as hires_shortfall,
    expected_hires < hires_needed as is_pipeline_thin,
    case
        when expected_hires < hires_needed and applied_to_hire_rate > 0
            then (hires_needed - expected_hires) / applied_to_hire_rate
    end as applications_needed
from health
