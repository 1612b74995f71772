{{ config(materialized='view') }}

-- Every job stage with its canonical stage; unmapped stages stay (canonical_stage null, mapping_origin 'unmapped').
select
    source_system,
    connection,
    job_stage_key,
    job_stage_id,
    job_key,
    plan_key,
    stage_name,
    stage_type,
    stage_order,
    is_active,
    canonical_stage,
    canonical_order,
    mapped_outcome,
    mapping_origin,
    is_funnel_stage,
    funnel_position
from {{ ref('int_job_stages') }}
