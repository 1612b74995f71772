{#
    Restricted mart. Adverse impact per connection x scope (overall | department | job | pooled_jobs) x step (each canonical
    stage; 'all' = applied -> hired) x dimension x reported group, with every count below k hidden (null, and a
    *_suppressed flag) and every figure computed from a hidden count hidden too; flags and the label stay.
#}
with comparisons as (

    select * from {{ ref('int_dei__comparisons') }}

),

hidden as (

    {{ dei_hidden_counts() }}

),

blocks as (

    select
        block_key,
        max(case when row_name = 'total' then applicants end) as all_applicants,
        max(case when row_name = 'total_reported' then applicants end) as reported_applicants,
        max(case when row_name = 'declined' then applicants end) as declined_applicants,
        max(case when row_name = 'not_submitted' then applicants end) as not_submitted_applicants,
        max(case when row_name = 'total' then cell_row_id end) as all_cell_row_id,
        max(case when row_name = 'declined' then cell_row_id end) as declined_cell_row_id,
        max(case when row_name = 'not_submitted' then cell_row_id end) as not_submitted_cell_row_id
    from {{ ref('int_dei__cells') }}
    group by block_key

),

flags as (

    select
        comparisons.comparison_id,
        groups.applicants_hidden as applicants_suppressed,
        groups.selected_hidden as selected_suppressed,
        reference.applicants_hidden or reference.selected_hidden as reference_suppressed,
        reported.applicants_hidden or reported.selected_hidden as reported_total_suppressed,
        coalesce(total.applicants_hidden, true) as all_applicants_suppressed,
        coalesce(declined.applicants_hidden, true) as declined_suppressed,
        coalesce(not_submitted.applicants_hidden, true) as not_submitted_suppressed
    from comparisons
    inner join blocks on comparisons.block_key = blocks.block_key
    left join hidden groups on groups.cell_row_id = comparisons.cell_row_id
    left join hidden reference on reference.cell_row_id = comparisons.reference_cell_row_id
    left join hidden reported on reported.cell_row_id = comparisons.reported_cell_row_id
    left join hidden total on total.cell_row_id = blocks.all_cell_row_id
    left join hidden declined on declined.cell_row_id = blocks.declined_cell_row_id
    left join hidden not_submitted on not_submitted.cell_row_id = blocks.not_submitted_cell_row_id

)

select
    comparisons.comparison_id,
    comparisons.source_system,
    comparisons.connection,
    comparisons.scope_type,
    comparisons.scope_key,
    comparisons.stage,
    comparisons.stage_order,
    comparisons.step,
    comparisons.dimension,
    comparisons.group_name,
    comparisons.is_reference,
    comparisons.reference_group,
    {{ var('dei_min_cell_size', 5) }} as min_cell_size,
    -- counts (null when suppressed)
    case when not flags.applicants_suppressed then comparisons.applicants end as applicants,
    case when not flags.selected_suppressed then comparisons.selected end as selected,
    case when not flags.reference_suppressed then comparisons.reference_applicants end as reference_applicants,
    case when not flags.reference_suppressed then comparisons.reference_selected end as reference_selected,
    flags.applicants_suppressed,
    flags.selected_suppressed,
    flags.reference_suppressed,
    -- response (self-ID) next to every figure
    case when not flags.all_applicants_suppressed then blocks.all_applicants end as applications_at_step,
    case when not flags.declined_suppressed then coalesce(blocks.declined_applicants, 0) end as declined_count,
    case when not flags.not_submitted_suppressed then coalesce(blocks.not_submitted_applicants, 0) end
        as not_submitted_count,
    case when not flags.reported_total_suppressed and not flags.all_applicants_suppressed
        then cast(blocks.reported_applicants as {{ ats_type_double() }}) / blocks.all_applicants end as response_rate,
    -- statistics (null when computed from a hidden count)
    {%- set hidden = 'flags.applicants_suppressed or flags.selected_suppressed or flags.reference_suppressed' %}
    case when not ({{ hidden }}) then comparisons.selection_rate end as selection_rate,
    case when not ({{ hidden }}) then comparisons.reference_rate end as reference_rate,
    case when not ({{ hidden }}) then comparisons.impact_ratio end as impact_ratio,
    comparisons.is_below_four_fifths,
    comparisons.test_used,
    case when not ({{ hidden }}) then comparisons.fisher_p end as fisher_p,
    case when not ({{ hidden }}) then comparisons.fisher_mid_p end as fisher_mid_p,
    case when not ({{ hidden }}) then comparisons.z_score end as z_score,
    case when not ({{ hidden }}) then comparisons.z_p end as z_p,
    case when not ({{ hidden }}) then comparisons.p_value end as p_value,
    case when not ({{ hidden }}) then comparisons.p_adjusted end as p_adjusted,
    comparisons.family_size,
    comparisons.is_significant,
    case when not ({{ hidden }} or flags.reported_total_suppressed) then comparisons.shortfall end as shortfall,
    case when not ({{ hidden }}) then comparisons.flip_n end as flip_n,
    comparisons.label
from comparisons
inner join flags on comparisons.comparison_id = flags.comparison_id
inner join blocks on comparisons.block_key = blocks.block_key
