{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse applications in the conformed shape. Greenhouse has no hire event on applications
-- (grnhse/greenhouse-api-docs#301): hire_event_at stays null and the shared model uses the accepted offer.
with applications as (

    select * from {{ ref('stg_greenhouse__applications') }}

),

rejection_reasons as (

    select * from {{ ref('stg_greenhouse__rejection_reasons') }}

),

final as (

    select
        'greenhouse' as source_system,
        applications.connection,
        {{ ats_key('greenhouse', 'applications.application_id', 'applications.connection') }} as application_key,
        applications.application_id,
        {{ ats_key('greenhouse', 'applications.candidate_id', 'applications.connection') }} as candidate_key,
        {{ ats_key('greenhouse', 'applications.job_id', 'applications.connection') }} as job_key,
        {{ ats_key('greenhouse', 'applications.source_id', 'applications.connection') }} as source_key,
        {{ ats_key('greenhouse', 'applications.current_stage_id', 'applications.connection') }} as current_job_stage_key,
        {{ ats_key('greenhouse', 'applications.referrer_user_id', 'applications.connection') }} as referrer_user_key,
        {{ ats_key('greenhouse', 'applications.recruiter_user_id', 'applications.connection') }} as recruiter_user_key,
        {{ ats_key('greenhouse', 'applications.coordinator_user_id', 'applications.connection') }} as coordinator_user_key,
        applications.is_prospect,
        case applications.status
            when 'in_process' then 'active'
            when 'active' then 'active'
            else applications.status
        end as status,
        applications.rejection_reason_id,
        rejection_reasons.rejection_reason_name,
        rejection_reasons.rejection_reason_type_key as rejection_reason_type,
        applications.applied_at,
        applications.rejected_at,
        cast(null as {{ dbt.type_timestamp() }}) as hire_event_at,
        applications.last_activity_at,
        applications.updated_at
    from applications
    left join rejection_reasons
        on applications.connection = rejection_reasons.connection
        and applications.rejection_reason_id = rejection_reasons.rejection_reason_id

)

select {{ conform('applications') }} from final
