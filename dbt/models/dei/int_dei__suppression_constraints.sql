{#
    Restricted. The additive constraints tying displayed counts (see int_dei__suppression): one row per
    constraint and member cell. A hidden cell is recoverable by subtraction exactly when it is the only hidden
    member of one of these. pick_priority orders the complementary choice: block totals first (0), then group
    cells (1), a parent scope's cell last (2), so the group counts the comparisons need stay visible.
#}
with cells as (

    select * from {{ ref('int_dei__suppression_cells') }}

),

members as (

-- within a row: applicants = selected + not_selected
select {{ dbt.concat(['block_key', "'|'", 'row_name', "'|selection'"]) }} as constraint_id, cell_id, 1 as pick_priority
from cells where measure in ('applicants', 'selected', 'not_selected')
union all
-- within a row: applicants = hired + not_hired
select {{ dbt.concat(['block_key', "'|'", 'row_name', "'|hiring'"]) }} as constraint_id, cell_id, 1 as pick_priority
from cells where measure in ('applicants', 'hired', 'not_hired')
union all
-- within a block: the reported groups add up to total_reported
select {{ dbt.concat(['block_key', "'|reported|'", 'measure']) }} as constraint_id, cell_id,
       case when row_kind = 'group' then 1 else 0 end as pick_priority
from cells where row_kind in ('group', 'total_reported')
union all
-- within a block: total_reported + declined + not_submitted + unmapped = total
select {{ dbt.concat(['block_key', "'|all|'", 'measure']) }} as constraint_id, cell_id,
       case when row_kind in ('total_reported', 'total') then 0 else 1 end as pick_priority
from cells where row_kind <> 'group'
union all
-- across scopes: a parent's cell is the sum of its children's (overall = departments, department = jobs)
select
    {{ dbt.concat([
        'connection', "'|'", "case scope_type when 'job' then 'department' else 'overall' end", "'|'",
        'parent_scope_key', "'|'", 'stage', "'|'", 'dimension', "'|'", 'row_name', "'|'", 'measure', "'|children'"
    ]) }} as constraint_id,
    cell_id,
    1 as pick_priority
from cells where scope_type in ('job', 'department')
union all
select
    {{ dbt.concat([
        'connection', "'|'", 'scope_type', "'|'", 'scope_key', "'|'", 'stage', "'|'", 'dimension', "'|'",
        'row_name', "'|'", 'measure', "'|children'"
    ]) }} as constraint_id,
    cell_id,
    2 as pick_priority
from cells where scope_type in ('overall', 'department')

)

select * from members
