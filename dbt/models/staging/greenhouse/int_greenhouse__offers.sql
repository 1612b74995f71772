{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse offer statuses on the canonical ones. Greenhouse keeps a reneged offer "Accepted" and rejects the
-- application afterwards: an accepted offer on a rejected application is a renege. "Created" splits into
-- created / sent on sent_on (Greenhouse only has the send date).
with offers as (

    select * from {{ ref('stg_greenhouse__offers') }}

),

applications as (

    select connection, application_id, status from {{ ref('stg_greenhouse__applications') }}

),

final as (

    select
        'greenhouse' as source_system,
        offers.connection,
        {{ ats_key('greenhouse', 'offers.offer_id', 'offers.connection') }} as offer_key,
        offers.offer_id,
        {{ ats_key('greenhouse', 'offers.application_id', 'offers.connection') }} as application_key,
        {{ ats_key('greenhouse', 'offers.candidate_id', 'offers.connection') }} as candidate_key,
        {{ ats_key('greenhouse', 'offers.job_id', 'offers.connection') }} as job_key,
        {{ ats_key('greenhouse', 'offers.opening_id', 'offers.connection') }} as opening_key,
        offers.offer_version,
        offers.offer_status as offer_status_raw,
        case
            when offers.offer_status = 'accepted' and applications.status = 'rejected' then 'reneged'
            when offers.offer_status = 'accepted' then 'accepted'
            when offers.offer_status = 'rejected' then 'declined'
            when offers.offer_status = 'deprecated' then 'deprecated'
            when offers.sent_on is not null then 'sent'
            else 'created'
        end as offer_status,
        cast(offers.sent_on as {{ dbt.type_timestamp() }}) as sent_at,
        offers.resolved_at,
        offers.starts_on as start_date,
        offers.created_at,
        offers.updated_at
    from offers
    left join applications
        on offers.connection = applications.connection
        and offers.application_id = applications.application_id

)

select {{ conform('offers') }} from final
