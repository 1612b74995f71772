{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'users', [
        ['id', 'bigint'],
        ['first_name', 'string'],
        ['last_name', 'string'],
        ['name', 'string'],
        ['primary_email', 'string'],
        ['employee_id', 'string'],
        ['site_admin', 'boolean'],
        ['deactivated', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as user_id,
        first_name,
        last_name,
        name as full_name,
        primary_email as email,
        employee_id,
        coalesce(site_admin, false) as is_site_admin,
        not coalesce(deactivated, false) as is_active,
        created_at,
        updated_at
    from source

)

select * from renamed
