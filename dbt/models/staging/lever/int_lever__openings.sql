{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever requisitions as openings, one per requisition and posting it serves: Lever counts headcount (total,
    hired) on a requisition rather than listing single openings. Closed with all its headcount hired: filled (by
    the latest hired opportunity against it, application.requisitionForHire); closed otherwise: cancelled.
#}
with requisitions as (

    select * from {{ ref('stg_lever__requisitions') }}

),

requisition_postings as (

    select * from {{ ref('stg_lever__requisition_postings') }}

),

hires as (

    select
        applications.connection,
        applications.requisition_for_hire_id,
        max(applications.opportunity_id) as opportunity_id
    from {{ ref('stg_lever__applications') }} as applications
    where applications.requisition_for_hire_id is not null
    group by applications.connection, applications.requisition_for_hire_id

),

final as (

    select
        'lever' as source_system,
        requisitions.connection,
        {{ ats_key('lever', dbt.concat(['requisitions.requisition_id', "':'", "coalesce(requisition_postings.posting_id, '')"]), 'requisitions.connection') }}
            as opening_key,
        {{ dbt.concat(['requisitions.requisition_id', "':'", "coalesce(requisition_postings.posting_id, '')"]) }}
            as opening_id,
        {{ ats_key('lever', 'requisition_postings.posting_id', 'requisitions.connection') }} as job_key,
        requisitions.requisition_code as opening_code,
        case when requisitions.requisition_status = 'closed' then 'closed' else 'open' end as opening_status,
        case
            when requisitions.requisition_status <> 'closed' then null
            when requisitions.headcount_total > 0 and requisitions.headcount_hired >= requisitions.headcount_total
                then 'filled'
            else 'cancelled'
        end as close_reason,
        case
            when requisitions.requisition_status = 'closed'
                and requisitions.headcount_total > 0
                and requisitions.headcount_hired >= requisitions.headcount_total
                then {{ ats_key('lever', 'hires.opportunity_id', 'requisitions.connection') }}
        end as filled_by_application_key,
        requisitions.time_to_fill_start_at as opened_at,
        requisitions.time_to_fill_end_at as closed_at,
        cast(null as date) as target_start_date
    from requisitions
    left join requisition_postings
        on requisitions.connection = requisition_postings.connection
        and requisitions.dlt_row_id = requisition_postings.requisition_dlt_row_id
    left join hires
        on requisitions.connection = hires.connection
        and requisitions.requisition_id = hires.requisition_for_hire_id

)

select {{ conform('openings') }} from final
