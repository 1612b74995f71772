{#
    Select the listed columns from a raw relation, cast to portable types. A column absent from the
    relation (dlt creates a column only once a non-null value arrived) becomes a typed NULL instead of
    an error, so staging works on every connection whatever its data.
    columns: list of [name, logical type], logical type one of
    string | bigint | integer | float | numeric | boolean | timestamp | date.
#}
{% macro typed_columns(relation, columns) -%}
    {%- set existing = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do existing.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for name, logical_type in columns %}
        {% if name | lower in existing -%}
        cast({{ adapter.quote(name) }} as {{ portable_type(logical_type) }})
        {%- else -%}
        cast(null as {{ portable_type(logical_type) }})
        {%- endif %} as {{ adapter.quote(name) }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro portable_type(logical_type) -%}
    {%- set types = {
        "string": dbt.type_string(),
        "bigint": dbt.type_bigint(),
        "integer": dbt.type_int(),
        "float": dbt.type_float(),
        "numeric": dbt.type_numeric(),
        "boolean": dbt.type_boolean(),
        "timestamp": dbt.type_timestamp(),
        "date": "date",
    } -%}
    {%- if logical_type not in types -%}
        {{ exceptions.raise_compiler_error("typed_columns: unknown logical type " ~ logical_type) }}
    {%- endif -%}
    {{ types[logical_type] }}
{%- endmacro %}
