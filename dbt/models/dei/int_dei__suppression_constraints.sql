{{ config(materialized='view') }}
{#
    Restricted. The additive constraints tying displayed counts (see int_dei__suppression): one row per
    constraint and member cell. A hidden cell is recoverable by subtraction exactly when it is the only hidden
    member of one of these. pick_priority orders the complementary choice: block totals first (0), then group
    cells (1), a parent scope's cell last (2), so the group counts the comparisons need stay visible. Each member
    carries its cell's value: the suppression's passes then never join the cells.

    constraint_id is an integer, key * 32 + kind: the key is a cell row (kinds 0-1), a block (kinds 2-11: kind
    2 + measure for the reported groups, 7 + measure for the block total) or the parent's cell row (kinds 12-16,
    12 + measure), so two constraints never share an id.
#}
with cells as (

    select * from {{ ref('int_dei__suppression_cells') }}

),

members as (

-- within a row: applicants = selected + not_selected
select cell_row_id * 32 + 0 as constraint_id, cell_id, cell_value, 1 as pick_priority
from cells where measure in ('applicants', 'selected', 'not_selected')
union all
-- within a row: applicants = hired + not_hired
select cell_row_id * 32 + 1 as constraint_id, cell_id, cell_value, 1 as pick_priority
from cells where measure in ('applicants', 'hired', 'not_hired')
union all
-- within a block: the reported groups add up to total_reported
select block_number * 32 + 2 + measure_index as constraint_id, cell_id, cell_value,
       case when row_kind = 'group' then 1 else 0 end as pick_priority
from cells where row_kind in ('group', 'total_reported')
union all
-- within a block: total_reported + declined + not_submitted + unmapped = total
select block_number * 32 + 7 + measure_index as constraint_id, cell_id, cell_value,
       case when row_kind in ('total_reported', 'total') then 0 else 1 end as pick_priority
from cells where row_kind <> 'group'
union all
-- across scopes: a parent's cell is the sum of its children's (overall = departments, department = jobs + pool)
select parent_cell_row_id * 32 + 12 + measure_index as constraint_id, cell_id, cell_value, 1 as pick_priority
from cells where parent_cell_row_id is not null
union all
select cell_row_id * 32 + 12 + measure_index as constraint_id, cell_id, cell_value, 2 as pick_priority
from cells where scope_type in ('overall', 'department')

)

select * from members
