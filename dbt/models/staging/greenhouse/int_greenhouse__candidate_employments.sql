{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with employments as (

    select * from {{ ref('stg_greenhouse__candidate_employments') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'employment_id') }} as employment_key,
        employment_id,
        {{ ats_key('greenhouse', 'candidate_id') }} as candidate_key,
        company_name,
        title,
        start_date,
        end_date,
        is_latest
    from employments

)

select {{ conform('candidate_employments') }} from final
