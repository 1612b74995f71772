-- One row per job (requisition) with its department and its openings.
with jobs as (

    {{ union_vendors('jobs') }}

),

departments as (

    select department_key, department_name from {{ ref('dim_departments') }}

),

openings as (

    select
        job_key,
        count(*) as openings,
        sum(case when opening_status = 'open' then 1 else 0 end) as openings_open,
        sum(case when close_reason = 'filled' then 1 else 0 end) as openings_filled,
        sum(case when close_reason = 'cancelled' then 1 else 0 end) as openings_cancelled
    from {{ ref('fct_openings') }}
    group by job_key

)

select
    jobs.*,
    departments.department_name,
    coalesce(openings.openings, 0) as openings,
    coalesce(openings.openings_open, 0) as openings_open,
    coalesce(openings.openings_filled, 0) as openings_filled,
    coalesce(openings.openings_cancelled, 0) as openings_cancelled
from jobs
left join departments on jobs.department_key = departments.department_key
left join openings on jobs.job_key = openings.job_key
