{{ config(materialized='view') }}
{#
    Restricted. int_dei__cells in long form: one row per displayed (or implied) count, the input of the
    suppression. cell_id = cell_row_id * 8 + measure_index (applicants 0, selected 1, not_selected 2, hired 3,
    not_hired 4): integers, because at a million applications there are millions of cells and the suppression
    joins them a dozen times. is_total marks block totals (hidden last).
#}
with cells as (

    select * from {{ ref('int_dei__cells') }}

)
{%- for measure in dei_measures() %}
select
    cell_row_id * 8 + {{ loop.index0 }} as cell_id,
    cell_row_id,
    block_number,
    parent_cell_row_id,
    scope_type,
    row_kind,
    '{{ measure }}' as measure,
    {{ loop.index0 }} as measure_index,
    {{ measure }} as cell_value,
    row_kind in ('total_reported', 'total') as is_total
from cells
{% if not loop.last %}union all{% endif %}
{%- endfor %}
