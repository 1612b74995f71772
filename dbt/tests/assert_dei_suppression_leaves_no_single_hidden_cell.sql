{{ config(tags=['dei']) }}
-- Complementary suppression reached its fixpoint: no additive constraint hides exactly one cell (that cell would
-- be recoverable by subtracting the visible ones). Fails if var dei_suppression_passes is too small.
select members.constraint_id
from {{ ref('int_dei__suppression_constraints') }} members
inner join {{ ref('int_dei__suppression') }} cells on members.cell_id = cells.cell_id
group by members.constraint_id
having sum(case when cells.is_suppressed then 1 else 0 end) = 1
