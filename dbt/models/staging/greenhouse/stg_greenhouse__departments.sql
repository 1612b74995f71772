{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'departments', [
        ['id', 'bigint'],
        ['name', 'string'],
        ['parent_id', 'bigint'],
        ['external_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as department_id,
        parent_id as parent_department_id,
        external_id,
        name as department_name
    from source

)

select * from renamed
