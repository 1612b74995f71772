{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever stages: account-wide {id, text}; built-in lead stages have word ids (e.g. lead-new).
with source as (

    {{ union_connections('lever', 'stages', [
        ['id', 'string'],
        ['text', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as stage_id,
        text as stage_name
    from source

)

select * from renamed
