{#
    Time to fill (requisition-centric): opening opened -> filled (closed with a hire), in elapsed hours, over
    filled openings; open and cancelled openings are counted beside it. Stacked grains: all | source_system |
    connection | department | job.
#}
with openings as (

    select
        openings.*,
        jobs.department_key
    from {{ ref('fct_openings') }} as openings
    left join {{ ref('dim_jobs') }} as jobs on openings.job_key = jobs.job_key

)

{{ stacked_grains(
    'openings',
    grains=[
        ['all', []],
        ['source_system', ['source_system']],
        ['connection', ['source_system', 'connection']],
        ['department', ['source_system', 'connection', 'department_key']],
        ['job', ['source_system', 'connection', 'job_key']],
    ],
    dimensions=['source_system', 'connection', 'department_key', 'job_key'],
    measures="
        count(*) as openings,
        sum(case when close_reason = 'filled' then 1 else 0 end) as openings_filled,
        sum(case when opening_status = 'open' then 1 else 0 end) as openings_open,
        sum(case when close_reason = 'cancelled' then 1 else 0 end) as openings_cancelled,
        " ~ ats_percentile('hours_to_fill', 0.5) ~ " as median_hours_to_fill,
        " ~ ats_percentile('hours_to_fill', 0.9) ~ " as p90_hours_to_fill,
        " ~ ats_percentile('hours_to_fill', 0.5) ~ " / 24.0 as median_days_to_fill"
) }}
