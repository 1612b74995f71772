{#
    Offer acceptance on resolved offers, by month resolved x job: the latest offer version of each application
    whose resolution is accepted, declined or reneged (superseded versions and open offers are not resolved).
    acceptance_rate = (accepted + reneged) / resolved; renege_rate = reneged / (accepted + reneged).
#}
with offers as (

    select * from {{ ref('fct_offers') }}
    where is_latest_version and resolution in ('accepted', 'declined', 'reneged')

),

jobs as (

    select job_key, job_title, department_key, department_name from {{ ref('dim_jobs') }}

),

grouped as (

    select
        cast(resolved_month as date) as resolved_month,
        source_system,
        connection,
        job_key,
        count(*) as offers_resolved,
        {{ ats_count_where("resolution in ('accepted', 'reneged')") }} as offers_accepted,
        {{ ats_count_where("resolution = 'declined'") }} as offers_declined,
        {{ ats_count_where("resolution = 'reneged'") }} as offers_reneged
    from offers
    group by 1, 2, 3, 4

)

select
    grouped.resolved_month,
    grouped.source_system,
    grouped.connection,
    grouped.job_key,
    jobs.job_title,
    jobs.department_key,
    jobs.department_name,
    grouped.offers_resolved,
    grouped.offers_accepted,
    grouped.offers_declined,
    grouped.offers_reneged,
    {{ ats_ratio('grouped.offers_accepted', 'grouped.offers_resolved') }} as acceptance_rate,
    {{ ats_ratio('grouped.offers_reneged', 'grouped.offers_accepted') }} as renege_rate
from grouped
left join jobs on grouped.job_key = jobs.job_key
