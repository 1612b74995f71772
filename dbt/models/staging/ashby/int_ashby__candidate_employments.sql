{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Not exposed by Ashby's API: a candidate has only its current position and company (int_ashby__candidates.title
-- and .company), no employment history. Zero typed rows.
with final as (

    select
        'ashby' as source_system,
        cast(null as {{ dbt.type_string() }}) as connection,
        cast(null as {{ dbt.type_string() }}) as employment_key,
        cast(null as {{ dbt.type_string() }}) as employment_id,
        cast(null as {{ dbt.type_string() }}) as candidate_key,
        cast(null as {{ dbt.type_string() }}) as company_name,
        cast(null as {{ dbt.type_string() }}) as title,
        cast(null as date) as start_date,
        cast(null as date) as end_date,
        cast(null as {{ dbt.type_boolean() }}) as is_latest

)

select {{ conform('candidate_employments') }} from final
where 1 = 0
