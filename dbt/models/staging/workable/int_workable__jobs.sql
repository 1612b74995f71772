{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Jobs keyed by shortcode. State: draft -> draft; published and closed (Workable's internal / confidential
-- job, still hiring) -> open; archived -> closed. Open and close times are not exposed.
with jobs as (

    select * from {{ ref('stg_workable__jobs') }}

),

departments as (

    -- the job's own department: the last entry of its hierarchy
    select connection, job_dlt_row_id, department_id
    from (
        select
            connection,
            job_dlt_row_id,
            department_id,
            row_number() over (partition by connection, job_dlt_row_id order by depth desc) as from_leaf
        from {{ ref('stg_workable__job_departments') }}
    ) hierarchy
    where from_leaf = 1

),

final as (

    select
        'workable' as source_system,
        jobs.connection,
        {{ ats_key('workable', 'jobs.shortcode', 'jobs.connection') }} as job_key,
        jobs.shortcode as job_id,
        jobs.job_title,
        case jobs.job_state
            when 'draft' then 'draft'
            when 'published' then 'open'
            when 'closed' then 'open'
            when 'archived' then 'closed'
        end as job_status,
        {{ ats_key('workable', 'departments.department_id', 'jobs.connection') }} as department_key,
        jobs.requisition_code,
        jobs.job_state = 'closed' as is_confidential,
        cast(null as {{ dbt.type_timestamp() }}) as opened_at,
        cast(null as {{ dbt.type_timestamp() }}) as closed_at,
        jobs.created_at,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at
    from jobs
    left join departments
        on jobs.connection = departments.connection
        and jobs.dlt_row_id = departments.job_dlt_row_id

)

select {{ conform('jobs') }} from final
