{#
    Stage visits of every vendor in order per application, with
    - the job stage's canonical stage and plan position;
    - visit_sequence (1.. per application) and stage_visit_number (1.. per application and stage: >1 = re-entry);
    - event_kind, how the visit began: applied (first visit), advanced (next funnel stage), skipped_ahead
      (forward past at least one stage), moved_back, re_entered (same stage again), moved (stage not in the funnel);
    - exit_kind, how it ended: the next visit's event_kind, else the application's outcome (hired, rejected,
      withdrew) or exited; null while the visit is open;
    - hours_in_stage: elapsed hours (epoch seconds / 3600) for finished visits; null while open.
#}
with events as (

    select * from {{ ref('int_stage_events__unioned') }}

),

stages as (

    select
        job_stage_key,
        job_key,
        stage_name,
        stage_order,
        canonical_stage,
        canonical_order,
        funnel_position
    from {{ ref('int_job_stages') }}

),

applications as (

    select application_key, is_prospect, outcome from {{ ref('int_applications') }}

),

{% set by_application = "over (partition by events.application_key order by events.entered_at, events.stage_event_key)" %}
sequenced as (

    select
        events.*,
        stages.job_key,
        stages.stage_name,
        stages.stage_order,
        stages.canonical_stage,
        stages.canonical_order,
        stages.funnel_position,
        row_number() {{ by_application }} as visit_sequence,
        row_number() over (
            partition by events.application_key, events.job_stage_key
            order by events.entered_at, events.stage_event_key
        ) as stage_visit_number,
        lag(stages.funnel_position) {{ by_application }} as previous_position,
        lag(events.job_stage_key) {{ by_application }} as previous_job_stage_key,
        -- the next visit, read in the same pass: how it began is how this one ended
        lead(events.stage_event_key) {{ by_application }} as next_stage_event_key,
        lead(stages.funnel_position) {{ by_application }} as next_position,
        lead(events.job_stage_key) {{ by_application }} as next_job_stage_key
    from events
    left join stages
        on events.job_stage_key = stages.job_stage_key

),

with_next as (

    select
        sequenced.*,
        case
            when visit_sequence = 1 then 'applied'
            else {{ ats_stage_move_kind('previous_position', 'previous_job_stage_key', 'funnel_position', 'job_stage_key') }}
        end as event_kind,
        case
            when next_stage_event_key is not null
                then {{ ats_stage_move_kind('funnel_position', 'job_stage_key', 'next_position', 'next_job_stage_key') }}
        end as next_event_kind
    from sequenced

)

select
    with_next.source_system,
    with_next.connection,
    with_next.stage_event_key,
    with_next.stage_event_id,
    with_next.application_key,
    with_next.job_stage_key,
    with_next.job_key,
    with_next.stage_name,
    with_next.stage_order,
    with_next.funnel_position,
    with_next.canonical_stage,
    with_next.canonical_order,
    applications.is_prospect,
    with_next.visit_sequence,
    with_next.stage_visit_number,
    with_next.stage_visit_number > 1 as is_reentry,
    with_next.event_kind,
    case
        when with_next.exited_at is null then null
        when with_next.next_event_kind is not null then with_next.next_event_kind
        when applications.outcome = 'hired' then 'hired'
        when applications.outcome = 'rejected_by_company' then 'rejected'
        when applications.outcome = 'withdrew' then 'withdrew'
        else 'exited'
    end as exit_kind,
    with_next.entered_at,
    with_next.exited_at,
    with_next.exited_at is null as is_open,
    case
        when with_next.exited_at is not null
            then {{ ats_hours_between('with_next.entered_at', 'with_next.exited_at') }}
    end as hours_in_stage
from with_next
left join applications
    on with_next.application_key = applications.application_key
