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

{#
    `materialized` for a CTE read several times, where the adapter accepts the keyword (PostgreSQL 12+, DuckDB):
    iterative models (int_dei__suppression) read each pass's result more than once and must not recompute it.
    Other warehouses (Snowflake, BigQuery) decide themselves and reject the keyword.
#}
{% macro ats_materialized_cte() -%}
    {{ return(adapter.dispatch('ats_materialized_cte')()) }}
{%- endmacro %}

{% macro default__ats_materialized_cte() -%}
{%- endmacro %}

{% macro duckdb__ats_materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro postgres__ats_materialized_cte() -%}
    materialized
{%- endmacro %}

{#
    A subquery: every row of `relation` (a select, aliased r) once per integer n from low to high (expressions over
    r's columns), as r's columns plus n. DuckDB: unnest(generate_series) in the select list (no join at all);
    PostgreSQL: a lateral generate_series; elsewhere a range join to `numbers`, a relation with a column n
    covering the range (slow at scale: it compares every row with every number).
#}
{% macro ats_with_integers_between(relation, low, high, numbers) -%}
    {{ return(adapter.dispatch('ats_with_integers_between')(relation, low, high, numbers)) }}
{%- endmacro %}

{% macro default__ats_with_integers_between(relation, low, high, numbers) -%}
    (select r.*, numbers.n from ({{ relation }}) r inner join {{ numbers }} numbers on numbers.n between {{ low }} and {{ high }})
{%- endmacro %}

{% macro duckdb__ats_with_integers_between(relation, low, high, numbers) -%}
    (select r.*, unnest(generate_series(cast({{ low }} as bigint), cast({{ high }} as bigint))) as n from ({{ relation }}) r)
{%- endmacro %}

{% macro postgres__ats_with_integers_between(relation, low, high, numbers) -%}
    (select r.*, numbers.n from ({{ relation }}) r
     cross join lateral generate_series(cast({{ low }} as bigint), cast({{ high }} as bigint)) as numbers(n))
{%- endmacro %}

{#
    ln(n!) for Fisher's exact test, in two parts used together: ats_ln_factorial_join(alias, n, table) adds what
    the value needs to the FROM clause, ats_ln_factorial(alias, n) is the value. DuckDB computes it (lgamma, double
    precision); elsewhere it is looked up in `table` (int_dei__log_factorials: n, ln_factorial).
#}
{% macro ats_ln_factorial_join(alias, n, table) -%}
    {{ return(adapter.dispatch('ats_ln_factorial_join')(alias, n, table)) }}
{%- endmacro %}

{% macro default__ats_ln_factorial_join(alias, n, table) -%}
    inner join {{ table }} {{ alias }} on {{ alias }}.n = {{ n }}
{%- endmacro %}

{% macro duckdb__ats_ln_factorial_join(alias, n, table) -%}
{%- endmacro %}

{% macro ats_ln_factorial(alias, n) -%}
    {{ return(adapter.dispatch('ats_ln_factorial')(alias, n)) }}
{%- endmacro %}

{% macro default__ats_ln_factorial(alias, n) -%}
    {{ alias }}.ln_factorial
{%- endmacro %}

{% macro duckdb__ats_ln_factorial(alias, n) -%}
    lgamma(({{ n }}) + 1)
{%- endmacro %}

{#
    Counts as 64-bit integers: DuckDB sums integers into a 128-bit HUGEINT, which is many times slower to store and
    scan (a scan of 7M HUGEINT values took 4 s, of BIGINT 0.03 s) and widens every figure computed from it.
#}
{% macro ats_integer_sum(expression) -%}
    cast(sum({{ expression }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro ats_count_where(condition) -%}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }})
{%- endmacro %}

{# ln(n!) of a column of a relation holding every n from 0 up (int_dei__log_factorials): a running sum of ln(i). #}
{% macro ats_ln_factorial_of(n) -%}
    {{ return(adapter.dispatch('ats_ln_factorial_of')(n)) }}
{%- endmacro %}

{% macro default__ats_ln_factorial_of(n) -%}
    sum(case when {{ n }} > 1 then ln({{ n }}) else 0 end) over (order by {{ n }} rows between unbounded preceding and current row)
{%- endmacro %}

{% macro duckdb__ats_ln_factorial_of(n) -%}
    lgamma({{ n }} + 1)
{%- endmacro %}
