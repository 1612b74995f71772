{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with users as (

    select * from {{ ref('stg_greenhouse__users') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'user_id') }} as user_key,
        user_id,
        coalesce(full_name, {{ dbt.concat(["first_name", "' '", "last_name"]) }}) as full_name,
        email,
        employee_id,
        is_active,
        is_site_admin,
        created_at,
        updated_at
    from users

)

select {{ conform('users') }} from final
