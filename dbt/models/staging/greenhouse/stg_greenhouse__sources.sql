{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'sources', [
        ['id', 'bigint'],
        ['name', 'string'],
        ['type__id', 'bigint'],
        ['type__name', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as source_id,
        name as source_name,
        type__id as source_type_id,
        type__name as source_type_name
    from source

)

select * from renamed
