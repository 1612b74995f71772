{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Candidates without contact details: the primary email only as a hash (cross-ATS identity matching). Ashby gives
-- one `name`: first_name is its first word, last_name the rest (null for a one-word or anonymized name).
with candidates as (

    select * from {{ ref('stg_ashby__candidates') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'candidate_id') }} as candidate_key,
        candidate_id,
        {{ dbt.split_part("full_name", "' '", 1) }} as first_name,
        nullif(trim({{ dbt.right("full_name", dbt.length("full_name") ~ " - " ~ dbt.length(dbt.split_part("full_name", "' '", 1))) }}), '') as last_name,
        company,
        title,
        case when primary_email is not null then {{ dbt.hash("lower(trim(primary_email))") }} end as email_hash,
        created_at,
        updated_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at
    from candidates

)

select {{ conform('candidates') }} from final
