{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with departments as (

    select * from {{ ref('stg_greenhouse__departments') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'department_id') }} as department_key,
        department_id,
        department_name,
        {{ ats_key('greenhouse', 'parent_department_id') }} as parent_department_key,
        external_id
    from departments

)

select {{ conform('departments') }} from final
