{#
    The few operations without a dbt cross-database macro, dispatched per adapter (DuckDB-only SQL stays here).
#}

{# A time-zone-aware timestamp as a naive UTC timestamp, independent of the session time zone. #}
{% macro ats_utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('ats_utc_timestamp')(expression)) }}
{%- endmacro %}

{% macro default__ats_utc_timestamp(expression) -%}
    cast(({{ expression }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__ats_utc_timestamp(expression) -%}
    {# Same result as `at time zone 'UTC'` (a timestamptz is an instant), without the ICU time zone lookup per row. #}
    make_timestamp(epoch_us({{ expression }}))
{%- endmacro %}

{% macro snowflake__ats_utc_timestamp(expression) -%}
    cast(convert_timezone('UTC', {{ expression }}) as timestamp_ntz)
{%- endmacro %}

{% macro bigquery__ats_utc_timestamp(expression) -%}
    datetime({{ expression }}, 'UTC')
{%- endmacro %}

{# Milliseconds since the epoch (UTC) as a naive UTC timestamp. #}
{% macro ats_epoch_ms_to_timestamp(expression) -%}
    {{ return(adapter.dispatch('ats_epoch_ms_to_timestamp')(expression)) }}
{%- endmacro %}

{% macro default__ats_epoch_ms_to_timestamp(expression) -%}
    cast(to_timestamp(({{ expression }}) / 1000.0) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__ats_epoch_ms_to_timestamp(expression) -%}
    make_timestamp(cast({{ expression }} as bigint) * 1000)
{%- endmacro %}

{#
    Elapsed hours between two naive UTC timestamps: exact seconds / 3600 (never day boundaries).
#}
{% macro ats_hours_between(start_expression, end_expression) -%}
    ({{ ats_epoch_seconds(end_expression) }} - {{ ats_epoch_seconds(start_expression) }}) / 3600.0
{%- endmacro %}

{% macro ats_epoch_seconds(expression) -%}
    {{ return(adapter.dispatch('ats_epoch_seconds')(expression)) }}
{%- endmacro %}

{% macro default__ats_epoch_seconds(expression) -%}
    extract(epoch from {{ expression }})
{%- endmacro %}

{% macro duckdb__ats_epoch_seconds(expression) -%}
    epoch({{ expression }})
{%- endmacro %}

{% macro snowflake__ats_epoch_seconds(expression) -%}
    date_part(epoch_second, {{ expression }})
{%- endmacro %}

{% macro bigquery__ats_epoch_seconds(expression) -%}
    unix_seconds(timestamp({{ expression }}))
{%- endmacro %}

{#
    Continuous percentile (interpolated, like the median of DuckDB and percentile_cont elsewhere) as an aggregate.
#}
{% macro ats_percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('ats_percentile')(expression, fraction)) }}
{%- endmacro %}

{% macro default__ats_percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__ats_percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro bigquery__ats_percentile(expression, fraction) -%}
    {# BigQuery has percentile_cont only as a window function; approx_quantiles is the aggregate. #}
    approx_quantiles({{ expression }}, 100)[offset({{ (fraction * 100) | int }})]
{%- endmacro %}

{# Safe division in double precision: null when the denominator is 0 or null. #}
{% macro ats_ratio(numerator, denominator) -%}
    case when {{ denominator }} > 0 then cast({{ numerator }} as {{ ats_type_double() }}) / {{ denominator }} end
{%- endmacro %}

{# An 8-byte float (dbt.type_float() is 4 bytes on DuckDB). #}
{% macro ats_type_double() -%}
    {{ return(adapter.dispatch('ats_type_double')()) }}
{%- endmacro %}

{% macro default__ats_type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__ats_type_double() -%}
    float64
{%- endmacro %}

{# Equality where two nulls are equal (join keys that may be null, e.g. an application without a source). #}
{% macro ats_null_safe_equal(left, right) -%}
    {{ left }} is not distinct from {{ right }}
{%- endmacro %}

{#
    Sets of canonical stages as integer bit masks (bit n = canonical_order n; at most 62 stages): one integer per
    application says which canonical stages it visited, so funnels test membership without joining visits again.
#}
{% macro ats_bit(position) -%}
    cast(power(2, {{ position }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro ats_has_bit(mask, position) -%}
    (mod(cast(floor(coalesce({{ mask }}, 0) / power(2, {{ position }})) as {{ dbt.type_bigint() }}), 2) = 1)
{%- endmacro %}
