{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- One row per stage visit, from Ashby's native history (application.listHistory): enteredStageAt / leftStageAt.
with visits as (

    select * from {{ ref('stg_ashby__application_history') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'history_id') }} as stage_event_key,
        history_id as stage_event_id,
        {{ ats_key('ashby', 'application_id') }} as application_key,
        {{ ats_key('ashby', 'stage_id') }} as job_stage_key,
        entered_at,
        exited_at
    from visits

)

select {{ conform('stage_events') }} from final
