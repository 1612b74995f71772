{#
    Restricted. Small-cell suppression of every count the DEI marts display (int_dei__cells), one row per cell.
    Algorithm (documented in _dei__models.yml):
    1. primary: a count below k (var dei_min_cell_size, default 5; zero included) is hidden;
    2. complementary: the cells are tied by additive constraints (int_dei__suppression_constraints): within a
       row, applicants = selected + not_selected = hired + not_hired; within a block, the reported groups add up
       to total_reported, and total_reported + declined + not_submitted + unmapped = total; across scopes, a
       department's cell is the sum of its jobs' cells and the overall cell the sum of the departments'. A
       constraint with exactly one hidden cell would give it away by subtraction, so one more of its visible
       cells is hidden: a block total first, then the smallest group cell, a parent scope's cell last (ties by
       value, then id). This repeats (var
       dei_suppression_passes, default 12) until no constraint has exactly one hidden cell; the test
       assert_dei_suppression_leaves_no_single_hidden_cell checks the fixpoint was reached.
#}
{%- set k = var('dei_min_cell_size', 5) %}
{%- set passes = var('dei_suppression_passes', 12) %}
with members as (

    select constraint_id, cell_id, pick_priority from {{ ref('int_dei__suppression_constraints') }}

),

pass_0 as (

    select
        cell_id,
        cell_value,
        is_total,
        cell_value < {{ k }} as is_suppressed,
        case when cell_value < {{ k }} then 'primary' end as suppression_reason
    from {{ ref('int_dei__suppression_cells') }}

),
{%- for i in range(1, passes + 1) %}

single_hidden_{{ i }} as (

    select members.constraint_id
    from members
    inner join pass_{{ i - 1 }} cells on members.cell_id = cells.cell_id
    group by members.constraint_id
    having sum(case when cells.is_suppressed then 1 else 0 end) = 1

),

picks_{{ i }} as (

    select distinct cell_id from (
        select
            members.cell_id,
            row_number() over (
                partition by members.constraint_id
                order by members.pick_priority, cells.cell_value, cells.cell_id
            ) as pick
        from members
        inner join single_hidden_{{ i }} on members.constraint_id = single_hidden_{{ i }}.constraint_id
        inner join pass_{{ i - 1 }} cells on members.cell_id = cells.cell_id
        where not cells.is_suppressed
    ) ranked
    where pick = 1

),

pass_{{ i }} as (

    select
        cells.cell_id,
        cells.cell_value,
        cells.is_total,
        cells.is_suppressed or picks_{{ i }}.cell_id is not null as is_suppressed,
        coalesce(
            cells.suppression_reason, case when picks_{{ i }}.cell_id is not null then 'complementary' end
        ) as suppression_reason
    from pass_{{ i - 1 }} cells
    left join picks_{{ i }} on cells.cell_id = picks_{{ i }}.cell_id

){{ "," if not loop.last }}
{%- endfor %}

select cell_id, cell_value, is_suppressed, suppression_reason from pass_{{ passes }}
