{#
    The model has exactly as many rows as `compare_model` (optionally filtered): no fan-out, nothing dropped.
#}
{% test row_count_equals(model, compare_model, compare_where='1 = 1') %}

with model_rows as (select count(*) as n from {{ model }}),
compare_rows as (select count(*) as n from {{ compare_model }} where {{ compare_where }})
select model_rows.n as model_rows, compare_rows.n as compare_rows
from model_rows cross join compare_rows
where model_rows.n <> compare_rows.n

{% endtest %}
