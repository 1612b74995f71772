{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Workable candidates (one per person and job) are the conformed applications.
-- - is_prospect: the candidate was *sourced* into the job by a member (activity "sourced") rather than applying;
--   the candidate flag `sourced` cannot say it (it is also true for applicants from sourcing channels).
-- - status: hired (hired_at set), rejected (disqualified, incl. withdrawals), else active. The reason type is
--   `withdrew` when the candidate withdrew, else `disqualified` (seeds/rejection_outcomes.csv).
-- - hire_event_at: hired_at, the move to the Hired stage (Workable exposes no offers).
with candidates as (

    select * from {{ ref('stg_workable__candidates') }}

),

people as (

    select * from {{ ref('int_workable__people') }}

),

reasons as (

    select * from {{ ref('stg_workable__disqualification_reasons') }}

),

job_stages as (

    select * from {{ ref('stg_workable__job_stages') }}

),

activity_facts as (

    select
        connection,
        candidate_id,
        max(case when action = 'sourced' then 1 else 0 end) = 1 as was_sourced,
        max(case when action = 'disqualified' then created_at end) as last_disqualified_at,
        max(created_at) as last_activity_at
    from {{ ref('stg_workable__activities') }}
    group by connection, candidate_id

),

final as (

    select
        'workable' as source_system,
        candidates.connection,
        {{ ats_key('workable', 'candidates.candidate_id', 'candidates.connection') }} as application_key,
        candidates.candidate_id as application_id,
        {{ ats_key('workable', 'people.person_id', 'candidates.connection') }} as candidate_key,
        {{ ats_key('workable', 'candidates.job_shortcode', 'candidates.connection') }} as job_key,
        {{ ats_key('workable', 'candidates.source_domain', 'candidates.connection') }} as source_key,
        {{ ats_key('workable', 'job_stages.job_stage_id', 'candidates.connection') }} as current_job_stage_key,
        cast(null as {{ dbt.type_string() }}) as referrer_user_key,
        cast(null as {{ dbt.type_string() }}) as recruiter_user_key,
        cast(null as {{ dbt.type_string() }}) as coordinator_user_key,
        coalesce(activity_facts.was_sourced, false) as is_prospect,
        case
            when candidates.hired_at is not null or candidates.stage_kind = 'hired' then 'hired'
            when candidates.is_disqualified then 'rejected'
            else 'active'
        end as status,
        case when candidates.is_disqualified then reasons.reason_id end as rejection_reason_id,
        case when candidates.is_disqualified then candidates.disqualification_reason_name end
            as rejection_reason_name,
        case
            when not candidates.is_disqualified then null
            when candidates.is_withdrawn then 'withdrew'
            else 'disqualified'
        end as rejection_reason_type,
        candidates.created_at as applied_at,
        case
            when candidates.is_disqualified
                then coalesce(candidates.disqualified_at, activity_facts.last_disqualified_at)
        end as rejected_at,
        candidates.hired_at as hire_event_at,
        coalesce(activity_facts.last_activity_at, candidates.created_at) as last_activity_at,
        candidates.updated_at
    from candidates
    inner join people
        on candidates.connection = people.connection
        and candidates.candidate_id = people.candidate_id
    left join activity_facts
        on candidates.connection = activity_facts.connection
        and candidates.candidate_id = activity_facts.candidate_id
    left join reasons
        on candidates.connection = reasons.connection
        and candidates.disqualification_reason_name = reasons.reason_name
    left join job_stages
        on candidates.connection = job_stages.connection
        and candidates.job_shortcode = job_stages.job_shortcode
        and lower(candidates.stage_name) = lower(job_stages.stage_name)

)

select {{ conform('applications') }} from final
