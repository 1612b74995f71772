{#
    Time in stage per canonical stage, at several grains (grain = all | source_system | connection |
    department | job): elapsed hours of finished visits (exit - entry, epoch seconds / 3600, UTC). Visits still
    open are counted in open_visits and never as finished; each re-entry is its own visit. Applicants only.
#}
with events as (

    select
        events.source_system,
        events.connection,
        applications.job_key,
        jobs.department_key,
        events.canonical_stage,
        events.is_open,
        events.hours_in_stage
    from {{ ref('int_stage_events') }} as events
    inner join {{ ref('int_applications') }} as applications
        on events.application_key = applications.application_key
    left join {{ ref('dim_jobs') }} as jobs
        on applications.job_key = jobs.job_key
    where not events.is_prospect and events.canonical_stage is not null

)

{{ stacked_grains(
    'events',
    grains=[
        ['all', []],
        ['source_system', ['source_system']],
        ['connection', ['source_system', 'connection']],
        ['department', ['source_system', 'connection', 'department_key']],
        ['job', ['source_system', 'connection', 'job_key']],
    ],
    dimensions=['source_system', 'connection', 'department_key', 'job_key', 'canonical_stage'],
    always=['canonical_stage'],
    measures="
        count(*) as visits,
        " ~ ats_count_where('not is_open') ~ " as finished_visits,
        " ~ ats_count_where('is_open') ~ " as open_visits,
        " ~ ats_percentile('hours_in_stage', 0.5) ~ " as median_hours,
        " ~ ats_percentile('hours_in_stage', 0.9) ~ " as p90_hours,
        avg(hours_in_stage) as mean_hours"
) }}
