{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby has no education history: a candidate carries one `school` (the latest). It becomes one latest education
-- row keyed by the candidate (education_id = candidate id); degree, discipline and dates are not exposed.
with candidates as (

    select * from {{ ref('stg_ashby__candidates') }}
    where school_name is not null

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'candidate_id') }} as education_key,
        candidate_id as education_id,
        {{ ats_key('ashby', 'candidate_id') }} as candidate_key,
        school_name,
        cast(null as {{ dbt.type_string() }}) as degree,
        cast(null as {{ dbt.type_string() }}) as discipline,
        cast(null as date) as start_date,
        cast(null as date) as end_date,
        true as is_latest
    from candidates

)

select {{ conform('candidate_educations') }} from final
