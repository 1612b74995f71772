{{ config(enabled=ats_vendor_enabled('lever')) }}

-- One row per Lever opportunity (a person considered for one job, or a lead without one). Person fields (name,
-- headline) are PII; emails, sources and stage changes are nested lists in their own views.
with source as (

    {{ union_connections('lever', 'opportunities', [
        ['id', 'string'],
        ['contact', 'string'],
        ['name', 'string'],
        ['headline', 'string'],
        ['stage', 'string'],
        ['origin', 'string'],
        ['owner', 'string'],
        ['sourced_by', 'string'],
        ['confidentiality', 'string'],
        ['is_anonymized', 'boolean'],
        ['archived__archived_at', 'epoch_ms'],
        ['archived__reason', 'string'],
        ['created_at', 'epoch_ms'],
        ['updated_at', 'epoch_ms'],
        ['last_interaction_at', 'epoch_ms'],
        ['last_advanced_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,

        -- ids
        id as opportunity_id,
        _dlt_id as dlt_row_id,
        contact as contact_id,
        stage as current_stage_id,
        owner as owner_user_id,
        sourced_by as sourced_by_user_id,
        archived__reason as archive_reason_id,

        -- strings
        name as full_name,
        headline,
        origin,
        confidentiality,

        -- booleans
        coalesce(is_anonymized, false) as is_anonymized,

        -- timestamps (naive UTC, from epoch milliseconds)
        archived__archived_at as archived_at,
        created_at,
        updated_at,
        last_interaction_at,
        last_advanced_at

    from source

)

select * from renamed
