{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever sources have only a name (the key). Their type is the origin of the opportunities that name them (the
    most frequent one): referred -> referral, agency -> agency, sourced -> sourced; "applied" only says the
    candidate applied, not through which channel (job board or company site): other.
#}
with sources as (

    select * from {{ ref('stg_lever__sources') }}

),

origins as (

    select
        opportunity_sources.connection,
        opportunity_sources.source_name,
        opportunities.origin,
        count(*) as opportunities
    from {{ ref('stg_lever__opportunity_sources') }} as opportunity_sources
    inner join {{ ref('stg_lever__opportunities') }} as opportunities
        on opportunity_sources.connection = opportunities.connection
        and opportunity_sources.opportunity_dlt_row_id = opportunities.dlt_row_id
    group by opportunity_sources.connection, opportunity_sources.source_name, opportunities.origin

),

main_origins as (

    select connection, source_name, origin
    from (
        select
            origins.*,
            row_number() over (
                partition by connection, source_name order by opportunities desc, origin
            ) as origin_rank
        from origins
    ) as ranked
    where origin_rank = 1

),

final as (

    select
        'lever' as source_system,
        sources.connection,
        {{ ats_key('lever', 'sources.source_name', 'sources.connection') }} as source_key,
        sources.source_name as source_id,
        sources.source_name,
        main_origins.origin as source_type,
        case main_origins.origin
            when 'referred' then 'referral'
            when 'agency' then 'agency'
            when 'sourced' then 'sourced'
            else 'other'
        end as source_channel
    from sources
    left join main_origins
        on sources.connection = main_origins.connection
        and sources.source_name = main_origins.source_name

)

select {{ conform('sources') }} from final
