{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever users, deactivated ones included (deactivated_at set).
with source as (

    {{ union_connections('lever', 'users', [
        ['id', 'string'],
        ['name', 'string'],
        ['username', 'string'],
        ['email', 'string'],
        ['access_role', 'string'],
        ['external_directory_id', 'string'],
        ['created_at', 'epoch_ms'],
        ['deactivated_at', 'epoch_ms'],
    ]) }}

),

renamed as (

    select
        connection,
        id as user_id,
        name as full_name,
        username,
        email,
        access_role,
        external_directory_id,
        created_at,
        deactivated_at
    from source

)

select * from renamed
