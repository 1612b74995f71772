{{ config(enabled=ats_vendor_enabled('ashby')) }}

with source as (

    {{ union_connections('ashby', 'sources', [
        ['id', 'string'],
        ['title', 'string'],
        ['is_archived', 'boolean'],
        ['source_type__id', 'string'],
        ['source_type__title', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as source_id,
        source_type__id as source_type_id,
        title as source_name,
        source_type__title as source_type_name,
        coalesce(is_archived, false) as is_archived
    from source

)

select * from renamed
