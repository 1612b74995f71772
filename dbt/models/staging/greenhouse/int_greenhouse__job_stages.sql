{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse interview plans are per job; stages have names but no type.
with stages as (

    select * from {{ ref('stg_greenhouse__job_stages') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'job_stage_id') }} as job_stage_key,
        job_stage_id,
        {{ ats_key('greenhouse', 'job_id') }} as job_key,
        job_id,
        stage_name,
        cast(null as {{ dbt.type_string() }}) as stage_type,
        stage_order,
        is_active
    from stages

)

select {{ conform('job_stages') }} from final
