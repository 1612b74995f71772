{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever has no departments endpoint: postings carry categories.department and categories.team as strings.
    Departments are those names (the name is the id): each department, and each team under its department
    (parent). Only departments some posting names are known.
#}
with postings as (

    select * from {{ ref('stg_lever__postings') }}

),

names as (

    select distinct connection, department_name, cast(null as {{ dbt.type_string() }}) as parent_name
    from postings
    where department_name is not null
    union
    select distinct
        connection,
        team_name as department_name,
        case when department_name <> team_name then department_name end as parent_name
    from postings
    where team_name is not null

),

-- a name that is both a top-level department and a team under one keeps its parent
deduplicated as (

    select connection, department_name, max(parent_name) as parent_name
    from names
    group by connection, department_name

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', 'department_name') }} as department_key,
        department_name as department_id,
        department_name,
        {{ ats_key('lever', 'parent_name') }} as parent_department_key,
        cast(null as {{ dbt.type_string() }}) as external_id
    from deduplicated

)

select {{ conform('departments') }} from final
