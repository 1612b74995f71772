{#
    The configured connections, passed by the pipeline as the var `ats_connections`
    ({"<vendor>": ["<connection>", ...]}, only vendors that have a staging folder and at least one connection).
    The sources themselves (raw_<connection>, one per dataset) are generated into
    models/sources/_ats_sources.generated.yml before every dbt invocation (ats_pipeline/transform.py).
#}

{% macro ats_connections(vendor) -%}
    {{ return(var('ats_connections', {}).get(vendor, []) | list) }}
{%- endmacro %}

{# Vendor staging models are enabled only when the vendor has at least one connection. #}
{% macro ats_vendor_enabled(vendor) -%}
    {{ return(ats_connections(vendor) | length > 0) }}
{%- endmacro %}

{# The vendors with at least one connection, sorted (stable SQL, stable manifests). #}
{% macro ats_vendors() -%}
    {%- set enabled = [] -%}
    {%- for vendor, connections in var('ats_connections', {}).items() -%}
        {%- if connections | length > 0 -%}{%- do enabled.append(vendor) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(enabled | sort) }}
{%- endmacro %}

{#
    Union one raw table over every connection of a vendor, with a `connection` column first.
    columns: [[name, logical type], ...] as for typed_columns. A table a connection never loaded yields no rows,
    a missing column a typed NULL. restricted=true reads the connection's restricted dataset
    (raw_<connection>_restricted: self-identification data, modelled only in the restricted `dei` schema).
#}
{% macro union_connections(vendor, table, columns, restricted=false) -%}
    {%- set connections = ats_connections(vendor) -%}
    {%- if connections | length == 0 -%}
        {{ typed_select(none, columns, [["'none'", 'connection']]) }}
    {%- endif -%}
    {%- for connection in connections %}
    {{ typed_select(source('raw_' ~ connection ~ ('_restricted' if restricted else ''), table), columns, [["'" ~ connection ~ "'", 'connection']]) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#
    A key unique across systems and connections: <source_system>:<connection>:<id>; null when the id is null.
    source_system is a literal, connection a column, id any expression.
#}
{% macro ats_key(source_system, id_expression, connection_column='connection') -%}
    case when {{ id_expression }} is not null then {{ dbt.concat([
        "'" ~ source_system ~ ":'",
        connection_column,
        "':'",
        dbt.cast(id_expression, api.Column.translate_type('string')),
    ]) }} end
{%- endmacro %}
