{#
    Select the listed columns from a raw relation, cast to portable types. A column absent from the
    relation (dlt creates a column only once a non-null value arrived) becomes a typed NULL instead of
    an error, so staging works on every connection whatever its data.
    columns: list of [name, logical type], logical type one of
    string | bigint | integer | float | numeric | boolean | timestamp | date | epoch_ms.
    Timestamps come out as naive UTC: a time-zone-aware column is converted to UTC explicitly (whatever the
    session time zone), an ISO 8601 string is parsed with its offset, epoch_ms is milliseconds since 1970 UTC.
#}
{% macro typed_columns(relation, columns) -%}
    {%- set existing = {} -%}
    {%- if execute and relation is not none -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do existing.update({column.name | lower: column.dtype | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for name, logical_type in columns %}
        {% if name | lower in existing -%}
        {{ typed_value(adapter.quote(name), logical_type, existing[name | lower]) }}
        {%- else -%}
        cast(null as {{ portable_type(logical_type) }})
        {%- endif %} as {{ adapter.quote(name) }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#
    A whole `select ... from relation`, or a zero-row select of typed NULLs when the relation does not exist
    (a resource a connection never loaded). extra: [[sql expression, alias], ...] selected first.
#}
{% macro typed_select(relation, columns, extra=[]) -%}
    {%- set exists = true -%}
    {%- if execute -%}
        {%- if relation is none -%}
            {%- set exists = false -%}
        {%- else -%}
            {%- set exists = adapter.get_relation(
                database=relation.database, schema=relation.schema, identifier=relation.identifier
            ) is not none -%}
        {%- endif -%}
    {%- endif %}
    select
        {%- for expression, alias in extra %}
        cast({{ expression }} as {{ dbt.type_string() }}) as {{ alias }},
        {%- endfor %}
        {{ typed_columns(relation if exists else none, columns) }}
    {% if exists and relation is not none -%}
    from {{ relation }}
    {%- else -%}
    where 1 = 0
    {%- endif %}
{%- endmacro %}

{% macro typed_value(quoted_name, logical_type, source_dtype) -%}
    {%- if logical_type == 'timestamp' and ('with time zone' in source_dtype or source_dtype in ('timestamptz', 'timestamp_tz')) -%}
        {{ ats_utc_timestamp(quoted_name) }}
    {%- elif logical_type == 'timestamp' and (source_dtype.startswith('varchar') or source_dtype in ('text', 'string')) -%}
        {{ ats_utc_timestamp(dbt.cast(quoted_name, 'timestamp with time zone')) }}
    {%- elif logical_type == 'epoch_ms' -%}
        {{ ats_epoch_ms_to_timestamp(quoted_name) }}
    {%- else -%}
        cast({{ quoted_name }} as {{ portable_type(logical_type) }})
    {%- endif -%}
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
        "epoch_ms": dbt.type_timestamp(),
        "date": "date",
    } -%}
    {%- if logical_type not in types -%}
        {{ exceptions.raise_compiler_error("typed_columns: unknown logical type " ~ logical_type) }}
    {%- endif -%}
    {{ types[logical_type] }}
{%- endmacro %}
