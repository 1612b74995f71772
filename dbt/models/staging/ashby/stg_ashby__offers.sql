{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Offers (offer.list): one per application's offer process, with only its latest version (Ashby's API has no
-- version history).
with source as (

    {{ union_connections('ashby', 'offers', [
        ['id', 'string'],
        ['application_id', 'string'],
        ['acceptance_status', 'string'],
        ['offer_status', 'string'],
        ['decided_at', 'timestamp'],
        ['latest_version__id', 'string'],
        ['latest_version__opening_id', 'string'],
        ['latest_version__start_date', 'date'],
        ['latest_version__approval_status', 'string'],
        ['latest_version__created_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as offer_id,
        application_id,
        latest_version__id as offer_version_id,
        latest_version__opening_id as opening_id,
        acceptance_status,
        offer_status as offer_process_status,
        latest_version__approval_status as approval_status,
        latest_version__start_date as start_date,
        decided_at,
        latest_version__created_at as version_created_at
    from source

)

select * from renamed
