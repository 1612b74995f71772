{#
    Restricted. Small-cell suppression of every count the DEI marts display (int_dei__cells), one row per cell.
    Algorithm (documented in _dei__models.yml):
    1. primary: a count below k (var dei_min_cell_size, default 5; zero included) is hidden;
    2. complementary: the cells are tied by additive constraints (int_dei__suppression_constraints): within a
       row, applicants = selected + not_selected = hired + not_hired; within a block, the reported groups add up
       to total_reported, and total_reported + declined + not_submitted + unmapped = total; across scopes, a
       department's cell is the sum of its jobs' and pool's cells and the overall cell the sum of the
       departments'. A constraint with exactly one hidden cell would give it away by subtraction, so one more of
       its visible cells is hidden: a block total first, then the smallest group cell, a parent scope's cell last
       (ties by value, then id). This repeats (var dei_suppression_passes, default 12) until no constraint has
       exactly one hidden cell. A pass that hides nothing means the fixpoint is reached, so the test
       assert_dei_suppression_reached_its_fixpoint fails when the last pass still hid a cell (raise the var).

    Each pass looks only at the constraints the previous pass's newly hidden cells belong to: a constraint's count
    of hidden cells changes only through them, so the others cannot have become single. At a million applications
    there are millions of cells; a pass then costs a scan of the members, not a join of all of them.
#}
{%- set k = var('dei_min_cell_size', 5) %}
{%- set passes = var('dei_suppression_passes', 12) %}
{%- set materialized = ats_materialized_cte() %}
with members as {{ materialized }} (

    select constraint_id, cell_id, pick_priority, cell_value, cell_value < {{ k }} as is_primary
    from {{ ref('int_dei__suppression_constraints') }}

),
{%- for i in range(1, passes + 1) %}
{%- if i == 1 %}

-- pass 1: every constraint, hidden = the primary cells
touched_members_1 as (

    select constraint_id, cell_id, pick_priority, cell_value, is_primary as is_hidden from members

),
{%- else %}

-- the constraints the previous pass's new cells belong to: the only ones whose count of hidden cells changed
touched_{{ i }} as (

    select distinct members.constraint_id
    from members
    inner join new_{{ i - 1 }} newly on members.cell_id = newly.cell_id

),

touched_members_{{ i }} as {{ materialized }} (

    select
        members.constraint_id,
        members.cell_id,
        members.pick_priority,
        members.cell_value,
        members.is_primary or complementary.cell_id is not null as is_hidden
    from members
    inner join touched_{{ i }} on members.constraint_id = touched_{{ i }}.constraint_id
    left join complementary_{{ i - 1 }} complementary on members.cell_id = complementary.cell_id

),
{%- endif %}

single_{{ i }} as (

    select constraint_id
    from touched_members_{{ i }}
    group by constraint_id
    having sum(case when is_hidden then 1 else 0 end) = 1

),

new_{{ i }} as {{ materialized }} (

    select distinct cell_id, {{ i }} as suppression_pass from (
        select
            touched.cell_id,
            row_number() over (
                partition by touched.constraint_id
                order by touched.pick_priority, touched.cell_value, touched.cell_id
            ) as pick
        from touched_members_{{ i }} touched
        inner join single_{{ i }} on touched.constraint_id = single_{{ i }}.constraint_id
        where not touched.is_hidden
    ) ranked
    where pick = 1

),

complementary_{{ i }} as {{ materialized }} (

    {%- if i > 1 %}
    select cell_id, suppression_pass from complementary_{{ i - 1 }}
    union all
    {%- endif %}
    select cell_id, suppression_pass from new_{{ i }}

){{ "," if not loop.last }}
{%- endfor %}

select
    cells.cell_id,
    cells.cell_row_id,
    cells.measure,
    cells.cell_value,
    cells.cell_value < {{ k }} or complementary.cell_id is not null as is_suppressed,
    case
        when cells.cell_value < {{ k }} then 'primary'
        when complementary.cell_id is not null then 'complementary'
    end as suppression_reason,
    complementary.suppression_pass
from {{ ref('int_dei__suppression_cells') }} cells
left join complementary_{{ passes }} complementary on cells.cell_id = complementary.cell_id
