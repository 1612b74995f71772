{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Candidates without contact details: the first listed email only as a hash (cross-ATS identity matching).
with candidates as (

    select * from {{ ref('stg_greenhouse__candidates') }}

),

emails as (

    -- the first email listed
    select connection, candidate_dlt_row_id, email
    from {{ ref('stg_greenhouse__candidate_email_addresses') }}
    where position = 0

),

final as (

    select
        'greenhouse' as source_system,
        candidates.connection,
        {{ ats_key('greenhouse', 'candidates.candidate_id', 'candidates.connection') }} as candidate_key,
        candidates.candidate_id,
        candidates.first_name,
        candidates.last_name,
        candidates.company,
        candidates.title,
        case when emails.email is not null then {{ dbt.hash("lower(trim(emails.email))") }} end as email_hash,
        candidates.created_at,
        candidates.updated_at,
        candidates.last_activity_at
    from candidates
    left join emails
        on candidates.connection = emails.connection
        and candidates.dlt_row_id = emails.candidate_dlt_row_id

)

select {{ conform('candidates') }} from final
