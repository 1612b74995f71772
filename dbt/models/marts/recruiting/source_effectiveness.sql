{#
    Source effectiveness by cohort (month applied) x source, applicant applications only: applications,
    interviewed applications (at least one interview not cancelled) and interviews, applications with an offer,
    hires, and the conversions between them.
#}
with applications as (

    select * from {{ ref('fct_applications') }}

),

interviews as (

    select application_key, count(*) as interviews
    from {{ ref('fct_interviews') }}
    where interview_status <> 'cancelled'
    group by application_key

),

offers as (

    select distinct application_key from {{ ref('fct_offers') }}

),

grouped as (

    select
        cast(applications.applied_month as date) as cohort_month,
        applications.source_system,
        applications.connection,
        applications.source_key,
        count(*) as applications,
        {{ ats_count_where('interviews.application_key is not null') }} as applications_interviewed,
        {{ ats_integer_sum('coalesce(interviews.interviews, 0)') }} as interviews,
        {{ ats_count_where('offers.application_key is not null') }} as applications_offered,
        {{ ats_count_where("applications.status = 'hired'") }} as hires
    from applications
    left join interviews on applications.application_key = interviews.application_key
    left join offers on applications.application_key = offers.application_key
    group by 1, 2, 3, 4

)

select
    grouped.cohort_month,
    grouped.source_system,
    grouped.connection,
    grouped.source_key,
    sources.source_name,
    sources.source_type,
    sources.source_channel,
    grouped.applications,
    grouped.applications_interviewed,
    grouped.interviews,
    grouped.applications_offered,
    grouped.hires,
    {{ ats_ratio('grouped.applications_interviewed', 'grouped.applications') }} as interview_rate,
    {{ ats_ratio('grouped.applications_offered', 'grouped.applications_interviewed') }} as interview_to_offer_rate,
    {{ ats_ratio('grouped.hires', 'grouped.applications_offered') }} as offer_to_hire_rate,
    {{ ats_ratio('grouped.hires', 'grouped.applications') }} as hire_rate
from grouped
left join {{ ref('dim_sources') }} as sources on grouped.source_key = sources.source_key
