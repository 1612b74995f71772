{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Departments as the jobs' department hierarchies show them (Workable has no departments list): departments
-- no job uses are not exposed. The parent is the entry before in a hierarchy.
with hierarchy as (

    select
        connection,
        department_id,
        department_name,
        lag(department_id) over (partition by connection, job_dlt_row_id order by depth) as parent_department_id
    from {{ ref('stg_workable__job_departments') }}

),

deduplicated as (

    select
        connection,
        department_id,
        max(department_name) as department_name,
        max(parent_department_id) as parent_department_id
    from hierarchy
    group by connection, department_id

),

final as (

    select
        'workable' as source_system,
        connection,
        {{ ats_key('workable', 'department_id') }} as department_key,
        cast(department_id as {{ dbt.type_string() }}) as department_id,
        department_name,
        {{ ats_key('workable', 'parent_department_id') }} as parent_department_key,
        cast(null as {{ dbt.type_string() }}) as external_id
    from deduplicated

)

select {{ conform('departments') }} from final
