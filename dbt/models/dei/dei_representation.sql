{#
    Restricted mart. Representation per connection x step (canonical stage; 'all' = every application) x
    dimension x row (each group, declined, not_submitted, unmapped, total_reported, total): applications that
    reached the stage, were selected to the next one, were hired; counts below k hidden (null + *_suppressed).
#}
with cells as (

    select * from {{ ref('int_dei__cells') }} where scope_type = 'overall'

),

hidden as (

    {{ dei_hidden_counts() }}

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
    case when not shown.applicants_hidden then cells.applicants end as reached,
    case when not shown.selected_hidden then cells.selected end as selected,
    case when not shown.hired_hidden then cells.hired end as hired,
    shown.applicants_hidden as reached_suppressed,
    shown.selected_hidden as selected_suppressed,
    shown.hired_hidden as hired_suppressed,
    case when not (shown.applicants_hidden or shown.selected_hidden)
        then cast(cells.selected as {{ ats_type_double() }}) / cells.applicants end as selection_rate,
    case when not (shown.applicants_hidden or shown.hired_hidden)
        then cast(cells.hired as {{ ats_type_double() }}) / cells.applicants end as hire_rate,
    case when not (tot.applicants_hidden or rep.applicants_hidden)
        then cast(reported.applicants as {{ ats_type_double() }}) / total.applicants end as response_rate,
    case when not coalesce(dec.applicants_hidden, true) then coalesce(declined.applicants, 0) end as declined_count,
    case when not coalesce(nsub.applicants_hidden, true) then coalesce(not_submitted.applicants, 0) end
        as not_submitted_count
from cells
inner join cells total on total.block_key = cells.block_key and total.row_name = 'total'
left join cells reported on reported.block_key = cells.block_key and reported.row_name = 'total_reported'
left join cells declined on declined.block_key = cells.block_key and declined.row_name = 'declined'
left join cells not_submitted on not_submitted.block_key = cells.block_key and not_submitted.row_name = 'not_submitted'
left join hidden shown on shown.cell_row_id = cells.cell_row_id
left join hidden tot on tot.cell_row_id = total.cell_row_id
left join hidden rep on rep.cell_row_id = reported.cell_row_id
left join hidden dec on dec.cell_row_id = declined.cell_row_id
left join hidden nsub on nsub.cell_row_id = not_submitted.cell_row_id
