{{ config(enabled=ats_vendor_enabled('workable'), materialized='view') }}

-- Workable has no person above its per-job candidate records. The conformed candidate is the person: records
-- sharing an email address (trimmed, case-insensitive) are one candidate, identified by the smallest Workable
-- candidate id among them; a record without an email (e.g. anonymized) is a person of its own.
with candidates as (

    select
        connection,
        candidate_id,
        case when email is not null and trim(email) <> '' then lower(trim(email)) end as email_normalized
    from {{ ref('stg_workable__candidates') }}

)

select
    connection,
    candidate_id,
    min(candidate_id) over (
        partition by connection, coalesce(email_normalized, {{ dbt.concat(["'id:'", "candidate_id"]) }})
    ) as person_id,
    case when email_normalized is not null then {{ dbt.hash('email_normalized') }} end as email_hash
from candidates
