{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever offers on the canonical statuses. Lever has no version field: versions are an opportunity's offers in
    creation order, the newest current; it keeps earlier versions as they were, so an earlier version still
    open (sent, approved, ...) was superseded: deprecated. signed -> accepted, or reneged when the opportunity
    was archived for a non-hired reason afterwards; denied -> declined; sent / sent-manually / opened -> sent;
    draft / approval-sent / approved -> created. Resolved: the signature time; Lever records no time for a
    denial (resolved_at null). The start date is the anticipated_start_date field (epoch ms).
#}
with offers as (

    select
        stg_lever__offers.*,
        row_number() over (
            partition by connection, opportunity_id order by created_at, offer_id
        ) as offer_version,
        count(*) over (partition by connection, opportunity_id) as offer_versions
    from {{ ref('stg_lever__offers') }}

),

start_dates as (

    select connection, offer_dlt_row_id, min(field_value) as start_ms
    from {{ ref('stg_lever__offer_fields') }}
    where field_identifier = 'anticipated_start_date' and field_value is not null
    group by connection, offer_dlt_row_id

),

opportunities as (

    select
        opportunities.connection,
        opportunities.opportunity_id,
        opportunities.contact_id,
        reasons.archive_reason_type
    from {{ ref('stg_lever__opportunities') }} as opportunities
    left join {{ ref('stg_lever__archive_reasons') }} as reasons
        on opportunities.connection = reasons.connection
        and opportunities.archive_reason_id = reasons.archive_reason_id

),

final as (

    select
        'lever' as source_system,
        offers.connection,
        {{ ats_key('lever', 'offers.offer_id', 'offers.connection') }} as offer_key,
        offers.offer_id,
        {{ ats_key('lever', 'offers.opportunity_id', 'offers.connection') }} as application_key,
        {{ ats_key('lever', 'opportunities.contact_id', 'offers.connection') }} as candidate_key,
        {{ ats_key('lever', 'offers.posting_id', 'offers.connection') }} as job_key,
        cast(null as {{ dbt.type_string() }}) as opening_key,
        offers.offer_version,
        offers.offer_status as offer_status_raw,
        case
            when offers.offer_status = 'signed' and opportunities.archive_reason_type = 'non-hired' then 'reneged'
            when offers.offer_status = 'signed' then 'accepted'
            when offers.offer_status = 'denied' then 'declined'
            when offers.offer_version < offers.offer_versions then 'deprecated'
            when offers.offer_status in ('sent', 'sent-manually', 'opened') then 'sent'
            else 'created'
        end as offer_status,
        offers.sent_at,
        case when offers.offer_status = 'signed' then offers.signed_at end as resolved_at,
        cast({{ ats_epoch_ms_to_timestamp(dbt.cast('start_dates.start_ms', api.Column.translate_type('bigint'))) }} as date)
            as start_date,
        offers.created_at,
        coalesce(offers.signed_at, offers.sent_at, offers.approved_at, offers.created_at) as updated_at
    from offers
    left join start_dates
        on offers.connection = start_dates.connection
        and offers.dlt_row_id = start_dates.offer_dlt_row_id
    left join opportunities
        on offers.connection = opportunities.connection
        and offers.opportunity_id = opportunities.opportunity_id

)

select {{ conform('offers') }} from final
