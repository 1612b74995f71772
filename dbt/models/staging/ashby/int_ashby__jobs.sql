{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Job status Draft / Open / Closed / Archived, lower-cased onto the shared values.
with jobs as (

    select * from {{ ref('stg_ashby__jobs') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'job_id') }} as job_key,
        job_id,
        job_title,
        lower(job_status) as job_status,
        {{ ats_key('ashby', 'department_id') }} as department_key,
        requisition_id as requisition_code,
        is_confidential,
        opened_at,
        closed_at,
        created_at,
        updated_at
    from jobs

)

select {{ conform('jobs') }} from final
