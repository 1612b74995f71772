{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Ashby offers: one per application, only the latest version (the API exposes no earlier versions, so there is
-- no version number: offer_version is null). acceptanceStatus on the canonical statuses: Accepted -> accepted,
-- Declined -> declined, WaitingOnResponse -> sent, Created / Pending -> created. Cancelled is a renege when the
-- candidate had decided (decidedAt set: accepted, then backed out) and otherwise a withdrawn offer (deprecated).
-- Ashby records no send time: sent_at is null. resolved_at is decidedAt.
with offers as (

    select * from {{ ref('stg_ashby__offers') }}

),

applications as (

    select connection, application_id, candidate_id, job_id from {{ ref('stg_ashby__applications') }}

),

final as (

    select
        'ashby' as source_system,
        offers.connection,
        {{ ats_key('ashby', 'offers.offer_id', 'offers.connection') }} as offer_key,
        offers.offer_id,
        {{ ats_key('ashby', 'offers.application_id', 'offers.connection') }} as application_key,
        {{ ats_key('ashby', 'applications.candidate_id', 'offers.connection') }} as candidate_key,
        {{ ats_key('ashby', 'applications.job_id', 'offers.connection') }} as job_key,
        {{ ats_key('ashby', 'offers.opening_id', 'offers.connection') }} as opening_key,
        cast(null as {{ dbt.type_int() }}) as offer_version,
        offers.acceptance_status as offer_status_raw,
        case offers.acceptance_status
            when 'Accepted' then 'accepted'
            when 'Declined' then 'declined'
            when 'WaitingOnResponse' then 'sent'
            when 'Cancelled' then case when offers.decided_at is not null then 'reneged' else 'deprecated' end
            else 'created'
        end as offer_status,
        cast(null as {{ dbt.type_timestamp() }}) as sent_at,
        offers.decided_at as resolved_at,
        offers.start_date,
        offers.version_created_at as created_at,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at
    from offers
    left join applications
        on offers.connection = applications.connection
        and offers.application_id = applications.application_id

)

select {{ conform('offers') }} from final
