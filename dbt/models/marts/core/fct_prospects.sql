{#
    One row per prospect (a sourced person considered for a job, or for none yet): kept out of every applicant
    funnel; the sourcing pipeline is reported from here. converted = the prospect became an applicant.
#}
with prospects as (

    select * from {{ ref('int_applications') }}
    where is_prospect

),

stages as (

    select job_stage_key, stage_name, canonical_stage from {{ ref('int_job_stages') }}

)

select
    prospects.application_key as prospect_key,
    prospects.source_system,
    prospects.connection,
    prospects.application_id,
    prospects.candidate_key,
    prospects.job_key,
    prospects.source_key,
    prospects.recruiter_user_key,
    prospects.status,
    prospects.outcome,
    prospects.current_job_stage_key,
    stages.stage_name as current_stage_name,
    stages.canonical_stage as current_canonical_stage,
    prospects.applied_at as created_at,
    prospects.rejected_at,
    prospects.last_activity_at,
    prospects.updated_at
from prospects
left join stages on prospects.current_job_stage_key = stages.job_stage_key
