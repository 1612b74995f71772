{#
    Applications of every vendor with their outcome and hire time.
    - outcome: active, hired, rejected_by_company, withdrew (converted for converted prospects): rejected
      applications take the outcome of their rejection reason type (seeds/rejection_outcomes.csv).
    - offer_accepted_at: resolution time of the application's accepted offer (a reneged offer does not count).
    - hired_at (hired applications only): the vendor's hire event, else the accepted offer; never last activity.
#}
with applications as (

    select * from {{ ref('int_applications__unioned') }}

),

accepted_offers as (

    select
        application_key,
        max(resolved_at) as offer_accepted_at
    from {{ ref('int_offers') }}
    where offer_status = 'accepted'
    group by application_key

),

outcome_rules as (

    select
        coalesce(nullif(trim(source_system), ''), '*') as source_system,
        coalesce(nullif(trim(reason_type), ''), '*') as reason_type,
        outcome
    from {{ ref('rejection_outcomes') }}

)

-- a rejection's outcome: the most specific rule wins - vendor and type, any vendor and type, vendor and any
-- type, anything
select
    applications.*,
    case applications.status
        when 'rejected' then coalesce(exact.outcome, any_vendor.outcome, any_type.outcome, fallback.outcome,
            'rejected_by_company')
        else applications.status
    end as outcome,
    applications.status in ('rejected', 'hired') as is_closed,
    accepted_offers.offer_accepted_at,
    case
        when applications.status = 'hired'
            then coalesce(applications.hire_event_at, accepted_offers.offer_accepted_at)
    end as hired_at
from applications
left join accepted_offers
    on applications.application_key = accepted_offers.application_key
left join outcome_rules as exact
    on exact.source_system = applications.source_system
    and exact.reason_type = applications.rejection_reason_type
left join outcome_rules as any_vendor
    on any_vendor.source_system = '*'
    and any_vendor.reason_type = applications.rejection_reason_type
left join outcome_rules as any_type
    on any_type.source_system = applications.source_system
    and any_type.reason_type = '*'
left join outcome_rules as fallback
    on fallback.source_system = '*'
    and fallback.reason_type = '*'
