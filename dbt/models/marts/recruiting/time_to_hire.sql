{#
    Time to hire (candidate-centric): application created -> offer accepted, in elapsed hours, over hired
    applicant applications with an accepted offer (created -> hire event for vendors whose API exposes no offers,
    see fct_applications). Stacked grains: all | source_system | connection |
    department | job | source. Medians are interpolated (percentile_cont 0.5).
#}
with hires as (

    select * from {{ ref('fct_applications') }}
    where status = 'hired' and time_to_hire_hours is not null

)

{{ stacked_grains(
    'hires',
    grains=[
        ['all', []],
        ['source_system', ['source_system']],
        ['connection', ['source_system', 'connection']],
        ['department', ['source_system', 'connection', 'department_key']],
        ['job', ['source_system', 'connection', 'job_key']],
        ['source', ['source_system', 'connection', 'source_key']],
    ],
    dimensions=['source_system', 'connection', 'department_key', 'job_key', 'source_key'],
    measures="
        count(*) as hires,
        " ~ ats_percentile('time_to_hire_hours', 0.5) ~ " as median_hours,
        " ~ ats_percentile('time_to_hire_hours', 0.9) ~ " as p90_hours,
        avg(time_to_hire_hours) as mean_hours,
        " ~ ats_percentile('time_to_hire_hours', 0.5) ~ " / 24.0 as median_days"
) }}
