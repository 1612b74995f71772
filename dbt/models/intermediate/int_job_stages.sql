{#
    Every job stage of every vendor with its canonical stage (highest-priority matching rule of
    int_stage_mapping_rules), the canonical order, and its position among the funnel stages of its plan.
    A plan is a job's stages, or, for vendors whose stages are shared by all jobs (job_key null), the
    connection's stages: plan_key says which.
#}
with stages as (

    select * from {{ ref('int_job_stages__unioned') }}

),

rules as (

    select * from {{ ref('int_stage_mapping_rules') }}

),

canonical_stages as (

    select * from {{ ref('canonical_stages') }}

),

normalized as (

    select
        job_stage_key,
        source_system,
        connection,
        job_id,
        job_stage_id,
        coalesce(lower(trim(stage_type)), '') as stage_type,
        coalesce(lower(trim(stage_name)), '') as stage_name
    from stages

),

candidate_rules as (

    -- rules for a stage name: an equality join (fast on many stages)
    select normalized.*, rules.canonical_stage, rules.outcome, rules.rule_origin, rules.priority,
        rules.source_system as rule_source_system, rules.connection as rule_connection, rules.job_id as rule_job_id,
        rules.stage_id as rule_stage_id, rules.stage_type as rule_stage_type
    from normalized
    inner join rules on rules.stage_name = normalized.stage_name
    union all
    -- rules for any name (types, ids, jobs): few, checked against every stage
    select normalized.*, rules.canonical_stage, rules.outcome, rules.rule_origin, rules.priority,
        rules.source_system, rules.connection, rules.job_id, rules.stage_id, rules.stage_type
    from normalized
    inner join rules on rules.stage_name = '*'

),

matches as (

    select
        job_stage_key,
        canonical_stage,
        outcome,
        rule_origin,
        row_number() over (
            partition by job_stage_key
            order by priority desc, canonical_stage, outcome
        ) as match_rank
    from candidate_rules
    where (rule_source_system = '*' or rule_source_system = source_system)
        and (rule_connection = '*' or rule_connection = connection)
        and (rule_job_id = '*' or rule_job_id = job_id)
        and (rule_stage_id = '*' or rule_stage_id = job_stage_id)
        and (rule_stage_type = '*' or rule_stage_type = stage_type)

),

mapped as (

    select
        stages.*,
        coalesce(
            stages.job_key,
            {{ dbt.concat(["stages.source_system", "':'", "stages.connection", "':*'"]) }}
        ) as plan_key,
        matches.canonical_stage,
        canonical_stages.canonical_order,
        matches.outcome as mapped_outcome,
        coalesce(matches.rule_origin, 'unmapped') as mapping_origin,
        -- funnel stages are plan stages with a canonical stage other than the 'hired' outcome
        coalesce(matches.canonical_stage <> 'hired', false) as is_funnel_stage
    from stages
    left join matches
        on stages.job_stage_key = matches.job_stage_key
        and matches.match_rank = 1
    left join canonical_stages
        on matches.canonical_stage = canonical_stages.canonical_stage

),

positioned as (

    select
        mapped.*,
        case when is_funnel_stage then
            row_number() over (
                partition by plan_key, is_funnel_stage
                order by stage_order, job_stage_key
            )
        end as funnel_position
    from mapped

)

select * from positioned
