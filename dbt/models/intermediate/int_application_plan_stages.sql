{{ config(materialized='view') }}

{#
    Every plan's canonical stages in order, each with where it starts in the plan (first funnel position) and
    the next canonical stage (the last one's next is 'hired'): what funnel reach is computed against.
#}
with plan_stages as (

    select
        plan_key,
        canonical_stage,
        canonical_order,
        min(funnel_position) as first_position
    from {{ ref('int_job_stages') }}
    where is_funnel_stage
    group by plan_key, canonical_stage, canonical_order

)

select
    plan_key,
    canonical_stage,
    canonical_order,
    first_position,
    coalesce(lead(canonical_stage) over (partition by plan_key order by canonical_order), 'hired')
        as next_canonical_stage,
    lead(canonical_order) over (partition by plan_key order by canonical_order) as next_canonical_order,
    lead(first_position) over (partition by plan_key order by canonical_order) as next_first_position
from plan_stages
