{{ config(enabled=ats_vendor_enabled('greenhouse'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

{# Restricted: the EEOC form per application (one answer per question), from raw_<connection>_restricted. #}
with source as (

    {{ union_connections('greenhouse', 'eeoc', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['gender__description', 'string'],
        ['race__description', 'string'],
        ['veteran_status__description', 'string'],
        ['disability_status__description', 'string'],
        ['submitted_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ], restricted=true) }}

),

renamed as (

    select
        connection,
        id as eeoc_id,
        application_id,
        candidate_id,
        gender__description as gender_answer,
        race__description as race_answer,
        veteran_status__description as veteran_status_answer,
        disability_status__description as disability_status_answer,
        submitted_at,
        updated_at
    from source

)

select * from renamed
