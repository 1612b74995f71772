{{ config(enabled=ats_vendor_enabled('ashby')) }}

with departments as (

    select * from {{ ref('stg_ashby__departments') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'department_id') }} as department_key,
        department_id,
        department_name,
        {{ ats_key('ashby', 'parent_department_id') }} as parent_department_key,
        cast(null as {{ dbt.type_string() }}) as external_id
    from departments

)

select {{ conform('departments') }} from final
