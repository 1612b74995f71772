{{ config(enabled=ats_vendor_enabled('lever'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

{#
    Restricted: Lever's EEO survey answers linked to the opportunity they were given for (GET /eeo/responses/pii,
    scope eeo_responses_pii), from raw_<connection>_restricted. One answer per field; the US survey has no
    non-binary option and reports several races as "Two or More Races". The anonymous /eeo/responses table is
    not read: it has no id of any record, so it cannot be linked to an opportunity.
#}
with source as (

    {{ union_connections('lever', 'eeo_responses_pii', [
        ['id', 'string'],
        ['opportunity_id', 'string'],
        ['posting', 'string'],
        ['gender', 'string'],
        ['race', 'string'],
        ['veteran', 'string'],
        ['disability', 'string'],
        ['disability_signature_date', 'date'],
        ['created_at', 'epoch_ms'],
    ], restricted=true) }}

),

renamed as (

    select
        connection,
        id as eeo_response_id,
        opportunity_id,
        posting as posting_id,
        gender as gender_answer,
        race as race_answer,
        veteran as veteran_status_answer,
        disability as disability_status_answer,
        disability_signature_date,
        created_at as submitted_at
    from source

)

select * from renamed
