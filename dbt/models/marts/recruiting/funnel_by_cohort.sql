{#
    Applicant funnel by cohort (month applied) x job (and its department) x source x canonical stage, under
    both conventions: strict (visited a stage of that kind) and imputed (visited it or a later stage of the
    plan), and for all applications or closed ones only (hired or rejected). Prospects are excluded and a
    candidate with several applications counts once per application.
    Conversions are to the next canonical stage of the plan (offer -> hired) and are ratios of summed counts:
    re-aggregate the counts (reached, next_reached), never average the rates.
    The flags are int_application_stage_reached's (macro ats_stage_reached), computed once per group of
    identical applications rather than per application.
#}
{% set dims = ['cohort_month', 'source_system', 'connection', 'job_key', 'source_key'] %}
{% set weighted = "case when {} then applications else 0 end" %}
with applications as (

    -- identical applications (same group, plan, furthest stage, visited stages and outcome) counted once:
    -- the flags below are computed per group, not per application
    select
        {{ dims | join(', ') }},
        plan_key,
        furthest_position,
        visited_stages_mask,
        is_closed,
        is_hired,
        count(*) as applications
    from {{ ref('int_application_plans') }}
    group by {{ dims | join(', ') }}, plan_key, furthest_position, visited_stages_mask, is_closed, is_hired

),

reached as (

    select
        {% for dim in dims %}applications.{{ dim }}, {% endfor %}
        plan_stages.canonical_stage,
        plan_stages.canonical_order,
        plan_stages.next_canonical_stage,
        applications.applications,
        applications.is_closed,
        {{ ats_stage_reached('reached_strict', 'applications', 'plan_stages') }} as reached_strict,
        {{ ats_stage_reached('reached_imputed', 'applications', 'plan_stages') }} as reached_imputed,
        {{ ats_stage_reached('next_reached_strict', 'applications', 'plan_stages') }} as next_reached_strict,
        {{ ats_stage_reached('next_reached_imputed', 'applications', 'plan_stages') }} as next_reached_imputed
    from applications
    inner join {{ ref('int_application_plan_stages') }} as plan_stages
        on applications.plan_key = plan_stages.plan_key
    union all
    select
        {{ dims | join(', ') }},
        'hired' as canonical_stage,
        (select canonical_order from {{ ref('canonical_stages') }} where canonical_stage = 'hired') as canonical_order,
        cast(null as {{ dbt.type_string() }}) as next_canonical_stage,
        applications,
        is_closed,
        is_hired as reached_strict,
        is_hired as reached_imputed,
        cast(null as {{ dbt.type_boolean() }}) as next_reached_strict,
        cast(null as {{ dbt.type_boolean() }}) as next_reached_imputed
    from applications

),

grouped as (

    select
        {{ dims | join(', ') }},
        canonical_stage,
        canonical_order,
        next_canonical_stage,
        {{ ats_integer_sum('applications') }} as applications,
        {{ ats_integer_sum(weighted.format('reached_strict')) }} as reached_strict,
        {{ ats_integer_sum(weighted.format('reached_imputed')) }} as reached_imputed,
        {{ ats_integer_sum(weighted.format('next_reached_strict')) }} as next_reached_strict,
        {{ ats_integer_sum(weighted.format('next_reached_imputed')) }} as next_reached_imputed,
        {{ ats_integer_sum(weighted.format('is_closed')) }} as closed_applications,
        {{ ats_integer_sum(weighted.format('is_closed and reached_strict')) }} as closed_reached_strict,
        {{ ats_integer_sum(weighted.format('is_closed and reached_imputed')) }} as closed_reached_imputed,
        {{ ats_integer_sum(weighted.format('is_closed and next_reached_strict')) }} as closed_next_reached_strict,
        {{ ats_integer_sum(weighted.format('is_closed and next_reached_imputed')) }} as closed_next_reached_imputed
    from reached
    group by {{ dims | join(', ') }}, canonical_stage, canonical_order, next_canonical_stage

)

select
    grouped.cohort_month,
    grouped.source_system,
    grouped.connection,
    grouped.job_key,
    jobs.job_title,
    jobs.department_key,
    jobs.department_name,
    grouped.source_key,
    sources.source_name,
    sources.source_channel,
    grouped.canonical_stage,
    grouped.canonical_order,
    grouped.next_canonical_stage,
    grouped.applications,
    grouped.reached_strict,
    grouped.reached_imputed,
    case when grouped.next_canonical_stage is not null then grouped.next_reached_strict end as next_reached_strict,
    case when grouped.next_canonical_stage is not null then grouped.next_reached_imputed end as next_reached_imputed,
    {{ ats_ratio('grouped.next_reached_strict', 'grouped.reached_strict') }} as conversion_strict,
    {{ ats_ratio('grouped.next_reached_imputed', 'grouped.reached_imputed') }} as conversion_imputed,
    grouped.closed_applications,
    grouped.closed_reached_strict,
    grouped.closed_reached_imputed,
    case when grouped.next_canonical_stage is not null then grouped.closed_next_reached_strict end
        as closed_next_reached_strict,
    case when grouped.next_canonical_stage is not null then grouped.closed_next_reached_imputed end
        as closed_next_reached_imputed,
    {{ ats_ratio('grouped.closed_next_reached_strict', 'grouped.closed_reached_strict') }}
        as closed_conversion_strict,
    {{ ats_ratio('grouped.closed_next_reached_imputed', 'grouped.closed_reached_imputed') }}
        as closed_conversion_imputed
from grouped
left join {{ ref('dim_jobs') }} as jobs on grouped.job_key = jobs.job_key
left join {{ ref('dim_sources') }} as sources on grouped.source_key = sources.source_key
