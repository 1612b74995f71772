{#
    Fails (or warns, with severity: warn) with one row per row of the model matching `condition`, so the
    message counts the offending rows and `store_failures` keeps them.
#}
{% test no_row_where(model, column_name=none, condition='false') %}

select * from {{ model }}
where {{ condition }}

{% endtest %}
