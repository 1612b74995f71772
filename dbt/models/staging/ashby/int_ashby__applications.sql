{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby applications in the conformed shape. Status Active/Lead -> active, Hired -> hired, Archived -> rejected.
-- Ashby marks a prospect only by the status Lead: once archived or hired a lead is indistinguishable from an
-- applicant, so it counts as one. Ashby has no hire timestamp on applications: hire_event_at stays null and the
-- shared model uses the accepted offer's decidedAt. No last-activity field, no referrer on applications.
with applications as (

    select * from {{ ref('stg_ashby__applications') }}

),

coordinators as (

    -- the application's hiring team coordinator (the first listed)
    select connection, application_dlt_row_id, min(position) as position
    from {{ ref('stg_ashby__application_hiring_team') }}
    where hiring_team_role = 'Coordinator'
    group by connection, application_dlt_row_id

),

coordinator_users as (

    select team.connection, team.application_dlt_row_id, team.user_id
    from {{ ref('stg_ashby__application_hiring_team') }} as team
    inner join coordinators
        on team.connection = coordinators.connection
        and team.application_dlt_row_id = coordinators.application_dlt_row_id
        and team.position = coordinators.position

),

final as (

    select
        'ashby' as source_system,
        applications.connection,
        {{ ats_key('ashby', 'applications.application_id', 'applications.connection') }} as application_key,
        applications.application_id,
        {{ ats_key('ashby', 'applications.candidate_id', 'applications.connection') }} as candidate_key,
        {{ ats_key('ashby', 'applications.job_id', 'applications.connection') }} as job_key,
        {{ ats_key('ashby', 'applications.source_id', 'applications.connection') }} as source_key,
        {{ ats_key('ashby', 'applications.current_stage_id', 'applications.connection') }} as current_job_stage_key,
        cast(null as {{ dbt.type_string() }}) as referrer_user_key,
        {{ ats_key('ashby', 'applications.credited_to_user_id', 'applications.connection') }} as recruiter_user_key,
        {{ ats_key('ashby', 'coordinator_users.user_id', 'applications.connection') }} as coordinator_user_key,
        applications.is_lead as is_prospect,
        case applications.application_status
            when 'Active' then 'active'
            when 'Lead' then 'active'
            when 'Hired' then 'hired'
            when 'Archived' then 'rejected'
        end as status,
        applications.archive_reason_id as rejection_reason_id,
        applications.archive_reason_text as rejection_reason_name,
        applications.archive_reason_type as rejection_reason_type,
        applications.created_at as applied_at,
        applications.archived_at as rejected_at,
        cast(null as {{ dbt.type_timestamp() }}) as hire_event_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at,
        applications.updated_at
    from applications
    left join coordinator_users
        on applications.connection = coordinator_users.connection
        and applications.dlt_row_id = coordinator_users.application_dlt_row_id

)

select {{ conform('applications') }} from final
