{{ config(enabled=ats_vendor_enabled('ashby')) }}

with source as (

    {{ union_connections('ashby', 'users', [
        ['id', 'string'],
        ['first_name', 'string'],
        ['last_name', 'string'],
        ['email', 'string'],
        ['global_role', 'string'],
        ['is_enabled', 'boolean'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as user_id,
        first_name,
        last_name,
        email,
        global_role,
        coalesce(is_enabled, true) as is_enabled,
        updated_at
    from source

)

select * from renamed
