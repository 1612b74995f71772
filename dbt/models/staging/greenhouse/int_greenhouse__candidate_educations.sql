{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Harvest v3 gives school, degree and discipline as custom field option ids; their names need
-- /v3/custom_field_options, which the source does not load yet, so the names stay null.
with educations as (

    select * from {{ ref('stg_greenhouse__candidate_educations') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'education_id') }} as education_key,
        education_id,
        {{ ats_key('greenhouse', 'candidate_id') }} as candidate_key,
        cast(null as {{ dbt.type_string() }}) as school_name,
        cast(null as {{ dbt.type_string() }}) as degree,
        cast(null as {{ dbt.type_string() }}) as discipline,
        start_date,
        end_date,
        is_latest
    from educations

)

select {{ conform('candidate_educations') }} from final
