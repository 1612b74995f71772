{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever users; "super admin" is the site admin role, a deactivated user (deactivated_at) is inactive.
with users as (

    select * from {{ ref('stg_lever__users') }}

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', 'user_id') }} as user_key,
        user_id,
        full_name,
        email,
        external_directory_id as employee_id,
        deactivated_at is null as is_active,
        coalesce(access_role = 'super admin', false) as is_site_admin,
        created_at,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at
    from users

)

select {{ conform('users') }} from final
