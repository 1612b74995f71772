{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby source types mapped to the canonical channel. "Inbound" (candidates who applied) does not say whether
-- through a job board or the careers site: it maps to job_board.
with sources as (

    select * from {{ ref('stg_ashby__sources') }}

),

final as (

    select
        'ashby' as source_system,
        connection,
        {{ ats_key('ashby', 'source_id') }} as source_key,
        source_id,
        source_name,
        source_type_name as source_type,
        case source_type_name
            when 'Outbound' then 'sourced'
            when 'Sourced' then 'sourced'
            when 'Referral' then 'referral'
            when 'Agency' then 'agency'
            when 'Inbound' then 'job_board'
            else 'other'
        end as source_channel
    from sources

)

select {{ conform('sources') }} from final
