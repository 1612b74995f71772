{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Each job's own pipeline (stage kind as the stage type; the Hired stage maps to the 'hired' outcome).
with stages as (

    select * from {{ ref('stg_workable__job_stages') }}

),

final as (

    select
        'workable' as source_system,
        connection,
        {{ ats_key('workable', 'job_stage_id') }} as job_stage_key,
        job_stage_id,
        {{ ats_key('workable', 'job_shortcode') }} as job_key,
        job_shortcode as job_id,
        stage_name,
        stage_kind as stage_type,
        stage_position as stage_order,
        true as is_active
    from stages

)

select {{ conform('job_stages') }} from final
