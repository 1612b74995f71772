{#
    Per application with stage visits (one pass over the visits for every consumer):
    - furthest_position: the furthest funnel position visited (backward moves never lower it);
    - furthest_canonical_order: the furthest canonical stage's order;
    - visited_stages_mask: the canonical stages of the funnel stages visited, as bits (bit n = canonical_order n;
      test with the macro ats_has_bit), so funnels need not join the visits again;
    - stage_visits, first entry and last exit.
#}
select
    application_key,
    max(funnel_position) as furthest_position,
    max(canonical_order) as furthest_canonical_order,
    cast(coalesce(
        sum(distinct case when funnel_position is not null then {{ ats_bit('canonical_order') }} end), 0
    ) as {{ dbt.type_bigint() }}) as visited_stages_mask,
    count(*) as stage_visits,
    min(entered_at) as first_entered_at,
    max(exited_at) as last_exited_at
from {{ ref('int_stage_events') }}
group by application_key
