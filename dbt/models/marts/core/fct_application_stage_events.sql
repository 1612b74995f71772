{{ config(materialized='view') }}

-- One row per stage visit of an applicant application (native stage history of each vendor), in order.
select
    stage_event_key,
    source_system,
    connection,
    stage_event_id,
    application_key,
    job_stage_key,
    job_key,
    stage_name,
    stage_order,
    canonical_stage,
    canonical_order,
    visit_sequence,
    stage_visit_number,
    is_reentry,
    event_kind,
    exit_kind,
    entered_at,
    exited_at,
    is_open,
    hours_in_stage
from {{ ref('int_stage_events') }}
where not is_prospect
