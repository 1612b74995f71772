{#
    Restricted mart. Representation per connection x step (canonical stage; 'all' = every application) x
    dimension x row (each group, declined, not_submitted, unmapped, total_reported, total): applications that
    reached the stage, were selected to the next one, were hired; counts below k hidden (null + *_suppressed).
#}
with cells as (

    select * from {{ ref('int_dei__cells') }} where scope_type = 'overall'

),

hidden as (

    select cell_id, is_suppressed from {{ ref('int_dei__suppression') }}

)

select
    cells.source_system,
    cells.connection,
    cells.stage,
    cells.stage_order,
    cells.step,
    cells.dimension,
    cells.row_name as group_name,
    cells.row_kind,
    {{ var('dei_min_cell_size', 5) }} as min_cell_size,
    case when not app.is_suppressed then cells.applicants end as reached,
    case when not sel.is_suppressed then cells.selected end as selected,
    case when not hir.is_suppressed then cells.hired end as hired,
    app.is_suppressed as reached_suppressed,
    sel.is_suppressed as selected_suppressed,
    hir.is_suppressed as hired_suppressed,
    case when not (app.is_suppressed or sel.is_suppressed)
        then cast(cells.selected as {{ ats_type_double() }}) / cells.applicants end as selection_rate,
    case when not (app.is_suppressed or hir.is_suppressed)
        then cast(cells.hired as {{ ats_type_double() }}) / cells.applicants end as hire_rate,
    case when not (tot.is_suppressed or rep.is_suppressed)
        then cast(reported.applicants as {{ ats_type_double() }}) / total.applicants end as response_rate,
    case when not coalesce(dec.is_suppressed, true) then coalesce(declined.applicants, 0) end as declined_count,
    case when not coalesce(nsub.is_suppressed, true) then coalesce(not_submitted.applicants, 0) end
        as not_submitted_count
from cells
inner join cells total on total.block_key = cells.block_key and total.row_name = 'total'
left join cells reported on reported.block_key = cells.block_key and reported.row_name = 'total_reported'
left join cells declined on declined.block_key = cells.block_key and declined.row_name = 'declined'
left join cells not_submitted on not_submitted.block_key = cells.block_key and not_submitted.row_name = 'not_submitted'
{%- for alias, row_id, measure in [
    ['app', 'cells.cell_row_id', 'applicants'], ['sel', 'cells.cell_row_id', 'selected'],
    ['hir', 'cells.cell_row_id', 'hired'], ['tot', 'total.cell_row_id', 'applicants'],
    ['rep', 'reported.cell_row_id', 'applicants'], ['dec', 'declined.cell_row_id', 'applicants'],
    ['nsub', 'not_submitted.cell_row_id', 'applicants'],
] %}
left join hidden {{ alias }} on {{ alias }}.cell_id = {{ dei_cell_id(row_id, measure) }}
{%- endfor %}
