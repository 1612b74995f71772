{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse has no "cancelled" interview status: "skipped" is its terminal state for one that did not happen.
-- Stage and name live on the plan slot (/v3/job_interviews, not loaded yet): both stay null.
with interviews as (

    select * from {{ ref('stg_greenhouse__interviews') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'interview_id') }} as interview_key,
        interview_id,
        {{ ats_key('greenhouse', 'application_id') }} as application_key,
        {{ ats_key('greenhouse', 'job_id') }} as job_key,
        cast(null as {{ dbt.type_string() }}) as job_stage_key,
        cast(null as {{ dbt.type_string() }}) as interview_name,
        case interview_status
            when 'skipped' then 'cancelled'
            when 'cancelled' then 'cancelled'
            when 'to_be_scheduled' then 'scheduled'
            when 'needs_scheduling' then 'scheduled'
            else interview_status
        end as interview_status,
        starts_at,
        ends_at,
        {{ ats_key('greenhouse', 'organizer_user_id') }} as organizer_user_key,
        location,
        created_at
    from interviews

)

select {{ conform('interviews') }} from final
