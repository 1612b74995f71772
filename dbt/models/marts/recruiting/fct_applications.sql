{#
    One row per application (prospects excluded): job, department, source, current stage, status and the
    applied / rejected / hired timestamps. Hire time comes from the accepted offer, never from last activity.
#}
with applications as (

    select * from {{ ref('stg_greenhouse__applications') }}
    where not is_prospect

),

jobs as (select * from {{ ref('stg_greenhouse__jobs') }}),

departments as (select * from {{ ref('stg_greenhouse__departments') }}),

stages as (select * from {{ ref('stg_greenhouse__job_stages') }}),

sources as (select * from {{ ref('stg_greenhouse__sources') }}),

rejection_reasons as (select * from {{ ref('stg_greenhouse__rejection_reasons') }}),

accepted_offers as (

    select
        application_id,
        max(resolved_at) as offer_accepted_at
    from {{ ref('stg_greenhouse__offers') }}
    where offer_status = 'accepted'
    group by application_id

),

final as (

    select
        {{ dbt.concat(["'greenhouse:'", "'" ~ var('greenhouse_connection') ~ ":'", dbt.cast("applications.application_id", api.Column.translate_type("string"))]) }} as application_key,
        'greenhouse' as source_system,
        '{{ var("greenhouse_connection") }}' as connection,
        applications.application_id,
        applications.candidate_id,
        applications.job_id,
        jobs.job_title,
        jobs.department_id,
        departments.department_name,
        applications.source_id,
        sources.source_name,
        sources.source_type_name,
        applications.current_stage_id,
        stages.stage_name as current_stage_name,
        stages.stage_order as current_stage_order,
        case applications.status
            when 'in_process' then 'active'
            else applications.status
        end as status,
        applications.rejection_reason_id,
        rejection_reasons.rejection_reason_name,
        case rejection_reasons.rejection_reason_type_key
            when 'WE_REJECTED_THEM' then 'rejected_by_company'
            when 'THEY_REJECTED_US' then 'withdrew'
            when 'NONE_SPECIFIED' then 'unspecified'
        end as rejection_kind,
        applications.applied_at,
        applications.rejected_at,
        case when applications.status = 'hired' then accepted_offers.offer_accepted_at end as hired_at,
        accepted_offers.offer_accepted_at,
        applications.last_activity_at,
        applications.updated_at
    from applications
    left join jobs on applications.job_id = jobs.job_id
    left join departments on jobs.department_id = departments.department_id
    left join stages on applications.current_stage_id = stages.job_stage_id
    left join sources on applications.source_id = sources.source_id
    left join rejection_reasons on applications.rejection_reason_id = rejection_reasons.rejection_reason_id
    left join accepted_offers on applications.application_id = accepted_offers.application_id

)

select * from final
