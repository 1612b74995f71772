with source as (

    select {{ typed_columns(source('raw_greenhouse', 'departments'), [
        ['id', 'bigint'],
        ['name', 'string'],
        ['parent_id', 'bigint'],
        ['external_id', 'string'],
    ]) }}
    from {{ source('raw_greenhouse', 'departments') }}

),

renamed as (

    select
        id as department_id,
        parent_id as parent_department_id,
        external_id,
        name as department_name
    from source

)

select * from renamed
