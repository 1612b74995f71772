{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Offers, every version; offer_status lower-cased (created, accepted, rejected, deprecated).
with source as (

    {{ union_connections('greenhouse', 'offers', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['job_id', 'bigint'],
        ['opening_id', 'bigint'],
        ['version', 'integer'],
        ['status', 'string'],
        ['sent_on', 'date'],
        ['starts_on', 'date'],
        ['resolved_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as offer_id,
        application_id,
        candidate_id,
        job_id,
        opening_id,
        version as offer_version,
        lower(status) as offer_status,
        sent_on,
        starts_on,
        resolved_at,
        created_at,
        updated_at
    from source

)

select * from renamed
