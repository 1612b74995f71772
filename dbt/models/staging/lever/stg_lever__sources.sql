{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever sources: {text, count}, no id (the name is the identity).
with source as (

    {{ union_connections('lever', 'sources', [
        ['text', 'string'],
        ['count', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        text as source_name,
        {{ adapter.quote('count') }} as opportunity_count
    from source

)

select * from renamed
