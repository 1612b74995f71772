{{ config(enabled=ats_vendor_enabled('ashby')) }}

with source as (

    {{ union_connections('ashby', 'departments', [
        ['id', 'string'],
        ['name', 'string'],
        ['parent_id', 'string'],
        ['is_archived', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as department_id,
        parent_id as parent_department_id,
        name as department_name,
        coalesce(is_archived, false) as is_archived,
        created_at,
        updated_at
    from source

)

select * from renamed
