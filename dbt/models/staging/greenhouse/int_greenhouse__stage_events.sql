{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- One row per stage visit, from Harvest v3 application_stages (native stage history).
with visits as (

    select * from {{ ref('stg_greenhouse__application_stages') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'application_stage_id') }} as stage_event_key,
        application_stage_id as stage_event_id,
        {{ ats_key('greenhouse', 'application_id') }} as application_key,
        {{ ats_key('greenhouse', 'job_stage_id') }} as job_stage_key,
        entered_at,
        exited_at
    from visits

)

select {{ conform('stage_events') }} from final
