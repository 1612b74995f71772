{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Workable has no sources list: a candidate carries only the web domain it came from (e.g. linkedin.com), and
-- none for sources that are not web sites. The conformed sources are those domains; a domain can stand for
-- several real sources (LinkedIn Jobs and LinkedIn Recruiter are both linkedin.com), so the channel is 'other'.
with domains as (

    select distinct connection, source_domain
    from {{ ref('stg_workable__candidates') }}
    where source_domain is not null

),

final as (

    select
        'workable' as source_system,
        connection,
        {{ ats_key('workable', 'source_domain') }} as source_key,
        source_domain as source_id,
        source_domain as source_name,
        'domain' as source_type,
        'other' as source_channel
    from domains

)

select {{ conform('sources') }} from final
