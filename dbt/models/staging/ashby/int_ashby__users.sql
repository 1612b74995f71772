{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby users: active = isEnabled, site admin = global role "Organization Admin". No employee id, no creation time.
with users as (

    select * from {{ ref('stg_ashby__users') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'user_id') }} as user_key,
        user_id,
        {{ dbt.concat(["first_name", "' '", "last_name"]) }} as full_name,
        email,
        cast(null as {{ dbt.type_string() }}) as employee_id,
        is_enabled as is_active,
        coalesce(global_role = 'Organization Admin', false) as is_site_admin,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        updated_at
    from users

)

select {{ conform('users') }} from final
