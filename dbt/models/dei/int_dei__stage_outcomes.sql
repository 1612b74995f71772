{#
    Restricted-schema helper (no demographic column). One row per applicant application and step it took:
    each canonical stage it reached (strictly: visited), selected = it reached the next canonical stage of its
    plan (skipped stages imputed; after 'offer': hired), and the bottom line 'all' (every application,
    selected = hired) - the component and total-process views of UGESP.
#}
with reached as (

    select * from {{ ref('int_application_stage_reached') }}

)

select
    application_key,
    canonical_stage as stage,
    canonical_order as stage_order,
    'component' as step,
    coalesce(next_reached_imputed, false) as is_selected,
    is_hired
from reached
where reached_strict and canonical_stage <> 'hired'
union all
select
    application_key,
    'all' as stage,
    99 as stage_order,
    'bottom_line' as step,
    is_hired as is_selected,
    is_hired
from {{ ref('int_application_plans') }}
