{#
    Aggregate `relation` at several grains and stack the results, for measures that do not add up across
    groups (medians, percentiles). grains: [[label, [dimension, ...]], ...]; every dimension of `dimensions`
    appears in the output (null where the grain does not group by it), plus the `grain` label column.
    `always` dimensions are grouped at every grain. All dimensions are strings.
#}
{% macro stacked_grains(relation, grains, dimensions, measures, always=[]) -%}
    {%- for label, grouped in grains %}
    select
        '{{ label }}' as grain,
        {%- for dimension in dimensions %}
        {% if dimension in grouped or dimension in always -%}
        {{ dimension }}
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as {{ dimension }},
        {%- endfor %}
        {{ measures }}
    from {{ relation }}
    {%- set keys = grouped + always %}
    {%- if keys | length > 0 %}
    group by {{ keys | join(', ') }}
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
