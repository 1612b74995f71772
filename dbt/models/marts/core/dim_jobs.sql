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
        {{ ats_count_where("opening_status = 'open'") }} as openings_open,
        {{ ats_count_where("close_reason = 'filled'") }} as openings_filled,
        {{ ats_count_where("close_reason = 'cancelled'") }} as openings_cancelled
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
