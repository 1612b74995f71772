{#
    One row per applicant application across vendors and connections. Prospects are not applicants: they are in
    fct_prospects. A candidate with several applications has several rows.
    hired_at: the vendor's hire event or the accepted offer (never last activity); time_to_hire_hours:
    application -> offer accepted, for hired applications (-> hired_at when the vendor exposes no offers).
#}
with applications as (

    select * from {{ ref('int_applications') }}
    where not is_prospect

),

jobs as (

    select job_key, job_title, department_key, department_name from {{ ref('dim_jobs') }}

),

sources as (

    select source_key, source_name, source_channel from {{ ref('dim_sources') }}

),

stages as (

    select job_stage_key, stage_name, canonical_stage from {{ ref('int_job_stages') }}

),

furthest as (

    select application_key, furthest_canonical_order, stage_visits
    from {{ ref('int_application_progress') }}

),

canonical_stages as (

    select canonical_stage, canonical_order from {{ ref('canonical_stages') }}

)

select
    applications.application_key,
    applications.source_system,
    applications.connection,
    applications.application_id,
    applications.candidate_key,
    applications.job_key,
    jobs.job_title,
    jobs.department_key,
    jobs.department_name,
    applications.source_key,
    sources.source_name,
    sources.source_channel,
    applications.referrer_user_key,
    applications.recruiter_user_key,
    applications.coordinator_user_key,
    applications.status,
    applications.outcome,
    applications.is_closed,
    applications.current_job_stage_key,
    stages.stage_name as current_stage_name,
    stages.canonical_stage as current_canonical_stage,
    furthest_stage.canonical_stage as furthest_canonical_stage,
    coalesce(furthest.stage_visits, 0) as stage_visits,
    applications.rejection_reason_id,
    applications.rejection_reason_name,
    applications.rejection_reason_type,
    applications.applied_at,
    {{ dbt.date_trunc('month', 'applications.applied_at') }} as applied_month,
    applications.rejected_at,
    applications.offer_accepted_at,
    applications.hired_at,
    case
        when applications.status = 'hired' and applications.offer_accepted_at is not null
            then {{ ats_hours_between('applications.applied_at', 'applications.offer_accepted_at') }}
        -- a vendor whose API exposes no offers (Workable): the hire event is the closest fact there is
        when applications.status = 'hired' and applications.offer_accepted_at is null
            and applications.hired_at is not null
            then {{ ats_hours_between('applications.applied_at', 'applications.hired_at') }}
    end as time_to_hire_hours,
    applications.last_activity_at,
    applications.updated_at
from applications
left join jobs on applications.job_key = jobs.job_key
left join sources on applications.source_key = sources.source_key
left join stages on applications.current_job_stage_key = stages.job_stage_key
left join furthest on applications.application_key = furthest.application_key
left join canonical_stages as furthest_stage
    on furthest.furthest_canonical_order = furthest_stage.canonical_order
