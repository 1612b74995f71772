{#
    Restricted. The additive constraints tying displayed counts (see int_dei__suppression): one row per
    constraint and member cell. A hidden cell is recoverable by subtraction exactly when it is the only hidden
    member of one of these.
#}
with cells as (

    select * from {{ ref('int_dei__suppression_cells') }}

)

-- within a row: applicants = selected + not_selected
select {{ dbt.concat(['block_key', "'|'", 'row_name', "'|selection'"]) }} as constraint_id, cell_id
from cells where measure in ('applicants', 'selected', 'not_selected')
union all
-- within a row: applicants = hired + not_hired
select {{ dbt.concat(['block_key', "'|'", 'row_name', "'|hiring'"]) }} as constraint_id, cell_id
from cells where measure in ('applicants', 'hired', 'not_hired')
union all
-- within a block: the reported groups add up to total_reported
select {{ dbt.concat(['block_key', "'|reported|'", 'measure']) }} as constraint_id, cell_id
from cells where row_kind in ('group', 'total_reported')
union all
-- within a block: total_reported + declined + not_submitted + unmapped = total
select {{ dbt.concat(['block_key', "'|all|'", 'measure']) }} as constraint_id, cell_id
from cells where row_kind <> 'group'
union all
-- across scopes: a parent's cell is the sum of its children's (overall = departments, department = jobs)
select
    {{ dbt.concat([
        'connection', "'|'", "case scope_type when 'job' then 'department' else 'overall' end", "'|'",
        'parent_scope_key', "'|'", 'stage', "'|'", 'dimension', "'|'", 'row_name', "'|'", 'measure', "'|children'"
    ]) }} as constraint_id,
    cell_id
from cells where scope_type in ('job', 'department')
union all
select
    {{ dbt.concat([
        'connection', "'|'", 'scope_type', "'|'", 'scope_key', "'|'", 'stage', "'|'", 'dimension', "'|'",
        'row_name', "'|'", 'measure', "'|children'"
    ]) }} as constraint_id,
    cell_id
from cells where scope_type in ('overall', 'department')
