with source as (

    select {{ typed_columns(source('raw_greenhouse', 'rejection_reasons'), [
        ['id', 'bigint'],
        ['name', 'string'],
        ['type__key', 'string'],
        ['type__name', 'string'],
    ]) }}
    from {{ source('raw_greenhouse', 'rejection_reasons') }}

),

renamed as (

    select
        id as rejection_reason_id,
        name as rejection_reason_name,
        type__key as rejection_reason_type_key,
        type__name as rejection_reason_type_name
    from source

)

select * from renamed
