{{ config(materialized='view') }}

-- One row per offer version: status, resolution (for the latest version), start date.
select
    offer_key,
    source_system,
    connection,
    offer_id,
    application_key,
    candidate_key,
    job_key,
    opening_key,
    offer_version,
    is_latest_version,
    offer_status_raw,
    offer_status,
    resolution,
    sent_at,
    resolved_at,
    {{ dbt.date_trunc('month', 'resolved_at') }} as resolved_month,
    start_date,
    created_at,
    updated_at
from {{ ref('int_offers') }}
