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
        " ~ ats_count_where("close_reason = 'filled'") ~ " as openings_filled,
        " ~ ats_count_where("opening_status = 'open'") ~ " as openings_open,
        " ~ ats_count_where("close_reason = 'cancelled'") ~ " as openings_cancelled,
        " ~ ats_percentile('hours_to_fill', 0.5) ~ " as median_hours_to_fill,
        " ~ ats_percentile('hours_to_fill', 0.9) ~ " as p90_hours_to_fill,
        " ~ ats_percentile('hours_to_fill', 0.5) ~ " / 24.0 as median_days_to_fill"
) }}
