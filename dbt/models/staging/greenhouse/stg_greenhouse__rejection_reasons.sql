{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'rejection_reasons', [
        ['id', 'bigint'],
        ['name', 'string'],
        ['type__key', 'string'],
        ['type__name', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as rejection_reason_id,
        name as rejection_reason_name,
        type__key as rejection_reason_type_key,
        type__name as rejection_reason_type_name
    from source

)

select * from renamed
