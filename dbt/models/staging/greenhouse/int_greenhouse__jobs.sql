{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with jobs as (

    select * from {{ ref('stg_greenhouse__jobs') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'job_id') }} as job_key,
        job_id,
        job_title,
        job_status,
        {{ ats_key('greenhouse', 'department_id') }} as department_key,
        requisition_id as requisition_code,
        is_confidential,
        opened_at,
        closed_at,
        created_at,
        updated_at
    from jobs

)

select {{ conform('jobs') }} from final
