{{ config(tags=['dei']) }}
-- Complementary suppression reached its fixpoint: the last pass hid nothing (a pass hides a cell exactly when some
-- additive constraint still hides a single cell, which subtraction would reveal). Fails if var
-- dei_suppression_passes is too small. ats_pipeline_tests/transform/test_dei.py checks the constraints themselves.
select cell_id, suppression_pass
from {{ ref('int_dei__suppression') }}
where suppression_pass >= {{ var('dei_suppression_passes', 12) }}
