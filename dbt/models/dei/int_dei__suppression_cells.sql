{#
    Restricted. int_dei__cells in long form: one row per displayed count (cell_id = block | row | measure), the
    input of the suppression. is_total marks block totals (hidden last).
#}
with cells as (

    select * from {{ ref('int_dei__cells') }}

)
{%- for measure in ['applicants', 'selected', 'not_selected', 'hired', 'not_hired'] %}
select
    {{ dbt.concat(['block_key', "'|'", 'row_name', "'|" ~ measure ~ "'"]) }} as cell_id,
    block_key,
    connection,
    scope_type,
    scope_key,
    parent_scope_key,
    stage,
    dimension,
    row_name,
    row_kind,
    '{{ measure }}' as measure,
    {{ measure }} as cell_value,
    row_kind in ('total_reported', 'total') as is_total
from cells
{% if not loop.last %}union all{% endif %}
{%- endfor %}
