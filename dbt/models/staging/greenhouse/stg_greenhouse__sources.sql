with source as (

    select {{ typed_columns(source('raw_greenhouse', 'sources'), [
        ['id', 'bigint'],
        ['name', 'string'],
        ['type__id', 'bigint'],
        ['type__name', 'string'],
    ]) }}
    from {{ source('raw_greenhouse', 'sources') }}

),

renamed as (

    select
        id as source_id,
        name as source_name,
        type__id as source_type_id,
        type__name as source_type_name
    from source

)

select * from renamed
