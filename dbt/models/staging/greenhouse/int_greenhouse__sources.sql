{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse sourcing strategies (sources.type) mapped to the canonical channel.
with sources as (

    select * from {{ ref('stg_greenhouse__sources') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'source_id') }} as source_key,
        source_id,
        source_name,
        source_type_name as source_type,
        case source_type_name
            when 'Prospecting' then 'sourced'
            when 'Referral' then 'referral'
            when 'Agencies' then 'agency'
            when 'Third-party boards' then 'job_board'
            when 'Company marketing' then 'company_marketing'
            else 'other'
        end as source_channel
    from sources

)

select {{ conform('sources') }} from final
