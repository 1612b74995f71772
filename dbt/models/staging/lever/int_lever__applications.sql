{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever opportunities in the conformed shape: one row per opportunity (application_id = the opportunity id,
    which every per-opportunity record points to). With a posting (its application) it is an application for
    that job; without one, or added to the posting by a user (application type "user"), it is a lead:
    is_prospect. The candidate is the opportunity's contact (the person, shared by their opportunities).
    Archiving closes an opportunity: a "hired"-type archive reason means hired, any other reason rejected.
    Hire time: the accepted (signed) offer; the archive time of a hire only when there is no signed offer (Lever
    has no hire event: archiving as Hired is a bookkeeping step, done after the signature).
#}
with opportunities as (

    select * from {{ ref('stg_lever__opportunities') }}

),

applications as (

    -- Lever: one application per opportunity; the earliest one with a posting should there be several
    select * from (
        select
            stg_lever__applications.*,
            row_number() over (
                partition by connection, opportunity_id order by created_at, lever_application_id
            ) as application_rank
        from {{ ref('stg_lever__applications') }}
        where posting_id is not null
    ) as ranked
    where application_rank = 1

),

archive_reasons as (

    select * from {{ ref('stg_lever__archive_reasons') }}

),

first_sources as (

    select connection, opportunity_dlt_row_id, source_name
    from {{ ref('stg_lever__opportunity_sources') }}
    where position = 0

),

signed_offers as (

    select connection, opportunity_id, max(signed_at) as signed_at
    from {{ ref('stg_lever__offers') }}
    where offer_status = 'signed'
    group by connection, opportunity_id

),

classified as (

    select
        opportunities.*,
        applications.posting_id,
        applications.application_type,
        applications.created_at as application_created_at,
        archive_reasons.archive_reason_name,
        archive_reasons.archive_reason_type,
        first_sources.source_name,
        signed_offers.signed_at as offer_signed_at,
        case
            when opportunities.archived_at is null then 'active'
            when archive_reasons.archive_reason_type = 'hired' then 'hired'
            else 'rejected'
        end as status
    from opportunities
    left join applications
        on opportunities.connection = applications.connection
        and opportunities.opportunity_id = applications.opportunity_id
    left join archive_reasons
        on opportunities.connection = archive_reasons.connection
        and opportunities.archive_reason_id = archive_reasons.archive_reason_id
    left join first_sources
        on opportunities.connection = first_sources.connection
        and opportunities.dlt_row_id = first_sources.opportunity_dlt_row_id
    left join signed_offers
        on opportunities.connection = signed_offers.connection
        and opportunities.opportunity_id = signed_offers.opportunity_id

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', 'opportunity_id') }} as application_key,
        opportunity_id as application_id,
        {{ ats_key('lever', 'contact_id') }} as candidate_key,
        {{ ats_key('lever', 'posting_id') }} as job_key,
        {{ ats_key('lever', 'source_name') }} as source_key,
        case when posting_id is not null then
            {{ ats_key('lever', dbt.concat(['posting_id', "':'", 'current_stage_id'])) }}
        end as current_job_stage_key,
        case when origin = 'referred' then {{ ats_key('lever', 'sourced_by_user_id') }} end as referrer_user_key,
        {{ ats_key('lever', 'owner_user_id') }} as recruiter_user_key,
        cast(null as {{ dbt.type_string() }}) as coordinator_user_key,
        (posting_id is null or application_type = 'user') as is_prospect,
        status,
        case when status = 'rejected' then archive_reason_id end as rejection_reason_id,
        case when status = 'rejected' then archive_reason_name end as rejection_reason_name,
        case when status = 'rejected' then archive_reason_type end as rejection_reason_type,
        coalesce(application_created_at, created_at) as applied_at,
        case when status = 'rejected' then archived_at end as rejected_at,
        case when status = 'hired' and offer_signed_at is null then archived_at end as hire_event_at,
        last_interaction_at as last_activity_at,
        updated_at
    from classified

)

select {{ conform('applications') }} from final
