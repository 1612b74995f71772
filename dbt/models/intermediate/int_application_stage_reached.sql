{{ config(materialized='view') }}

{#
    One row per applicant application and canonical stage of its plan, plus a 'hired' row (a view: query it
    for per-application analysis; funnel_by_cohort computes the same flags - macro ats_stage_reached - on
    groups of identical applications):
    - reached_strict: the application visited a stage of that canonical stage;
    - reached_imputed: it visited that stage or a later funnel stage of its plan (skipped stages count as
      reached, as in Greenhouse's pass-through report); backward moves never lower the furthest stage;
    - 'hired' is reached (both conventions) when the application is hired;
    - next_*: the same flags for the next canonical stage of the plan (after the last one: hired).
#}
with applications as (

    select * from {{ ref('int_application_plans') }}

),

plan_stages as (

    select * from {{ ref('int_application_plan_stages') }}

),

hired_stage as (

    select canonical_order from {{ ref('canonical_stages') }} where canonical_stage = 'hired'

)

select
    applications.source_system,
    applications.connection,
    applications.application_key,
    applications.candidate_key,
    applications.job_key,
    applications.source_key,
    applications.cohort_month,
    applications.is_closed,
    applications.is_hired,
    plan_stages.canonical_stage,
    plan_stages.canonical_order,
    {{ ats_stage_reached('reached_strict', 'applications', 'plan_stages') }} as reached_strict,
    {{ ats_stage_reached('reached_imputed', 'applications', 'plan_stages') }} as reached_imputed,
    plan_stages.next_canonical_stage,
    {{ ats_stage_reached('next_reached_strict', 'applications', 'plan_stages') }} as next_reached_strict,
    {{ ats_stage_reached('next_reached_imputed', 'applications', 'plan_stages') }} as next_reached_imputed
from applications
inner join plan_stages on applications.plan_key = plan_stages.plan_key
union all
select
    source_system,
    connection,
    application_key,
    candidate_key,
    job_key,
    source_key,
    cohort_month,
    is_closed,
    is_hired,
    'hired' as canonical_stage,
    (select canonical_order from hired_stage) as canonical_order,
    is_hired as reached_strict,
    is_hired as reached_imputed,
    cast(null as {{ dbt.type_string() }}) as next_canonical_stage,
    cast(null as {{ dbt.type_boolean() }}) as next_reached_strict,
    cast(null as {{ dbt.type_boolean() }}) as next_reached_imputed
from applications
