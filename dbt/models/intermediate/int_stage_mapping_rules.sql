{{ config(materialized='view') }}

{#
    Every rule that can map a job stage to a canonical stage and/or an outcome, with its precedence:
    user overrides (seeds/stage_mapping_overrides.csv) beat the defaults (seeds/stage_mapping.csv); within each,
    the more fields a rule pins the higher it ranks (stage id > job > connection > name > type > vendor).
    '*' (or empty) matches anything; names match case-insensitively, ignoring surrounding blanks.
#}
with overrides as (

    select
        coalesce(nullif(trim(source_system), ''), '*') as source_system,
        coalesce(nullif(trim(connection), ''), '*') as connection,
        coalesce(nullif(trim(job_id), ''), '*') as job_id,
        coalesce(nullif(trim(stage_id), ''), '*') as stage_id,
        '*' as stage_type,
        coalesce(nullif(lower(trim(stage_name)), ''), '*') as stage_name,
        nullif(trim(canonical_stage), '') as canonical_stage,
        nullif(trim(outcome), '') as outcome,
        'override' as rule_origin,
        1000 as base_priority
    from {{ ref('stage_mapping_overrides') }}

),

defaults as (

    select
        coalesce(nullif(trim(source_system), ''), '*') as source_system,
        '*' as connection,
        '*' as job_id,
        '*' as stage_id,
        coalesce(nullif(lower(trim(stage_type)), ''), '*') as stage_type,
        coalesce(nullif(lower(trim(stage_name)), ''), '*') as stage_name,
        nullif(trim(canonical_stage), '') as canonical_stage,
        nullif(trim(outcome), '') as outcome,
        'default' as rule_origin,
        0 as base_priority
    from {{ ref('stage_mapping') }}

),

rules as (

    select * from overrides
    union all
    select * from defaults

)

select
    source_system,
    connection,
    job_id,
    stage_id,
    stage_type,
    stage_name,
    canonical_stage,
    outcome,
    rule_origin,
    base_priority
    + case when stage_id <> '*' then 64 else 0 end
    + case when job_id <> '*' then 32 else 0 end
    + case when connection <> '*' then 16 else 0 end
    + case when stage_name <> '*' then 8 else 0 end
    + case when stage_type <> '*' then 4 else 0 end
    + case when source_system <> '*' then 2 else 0 end as priority
from rules
