{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby stages belong to interview plans; a job names its default plan. Each stage is attributed to the job whose
-- default plan holds it (the first job by id when several jobs share a plan, so keys stay unique); stages of a plan
-- no job uses have no job. The stage type (Lead, PreInterviewScreen, Active, Offer, Hired, Archived) is kept for
-- the canonical mapping: names match first, types are the fallback (seeds/stage_mapping.csv).
with stages as (

    select * from {{ ref('stg_ashby__interview_stages') }}

),

plan_jobs as (

    select connection, interview_plan_id, min(job_id) as job_id
    from {{ ref('stg_ashby__jobs') }}
    where interview_plan_id is not null
    group by connection, interview_plan_id

),

final as (

    select
        'ashby' as source_system,
        stages.connection,
        {{ ats_key('ashby', 'stages.interview_stage_id', 'stages.connection') }} as job_stage_key,
        stages.interview_stage_id as job_stage_id,
        {{ ats_key('ashby', 'plan_jobs.job_id', 'stages.connection') }} as job_key,
        plan_jobs.job_id,
        stages.stage_name,
        stages.stage_type,
        stages.stage_order,
        true as is_active
    from stages
    left join plan_jobs
        on stages.connection = plan_jobs.connection
        and stages.interview_plan_id = plan_jobs.interview_plan_id

)

select {{ conform('job_stages') }} from final
