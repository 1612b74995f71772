{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Account members; admins (role "admin") are site admins.
with members as (

    select * from {{ ref('stg_workable__members') }}

),

admins as (

    select distinct connection, member_dlt_row_id
    from {{ ref('stg_workable__member_roles') }}
    where member_role = 'admin'

),

final as (

    select
        'workable' as source_system,
        members.connection,
        {{ ats_key('workable', 'members.member_id', 'members.connection') }} as user_key,
        members.member_id as user_id,
        members.full_name,
        members.email,
        cast(null as {{ dbt.type_string() }}) as employee_id,
        members.is_active,
        admins.member_dlt_row_id is not null as is_site_admin,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at
    from members
    left join admins
        on members.connection = admins.connection
        and members.dlt_row_id = admins.member_dlt_row_id

)

select {{ conform('users') }} from final
