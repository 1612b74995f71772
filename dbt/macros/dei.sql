{#
    DEI analytics (restricted schema `dei`). Every model reading self-identification data lives in `dei`
    (config: schema='dei', tags=['dei'], meta={'restricted': true}); nothing outside it carries a demographic
    column or value.
#}

{# The conformed self-identification shape each vendor with self-ID provides as int_<vendor>__self_identifications:
   one row per application, dimension (gender | race_ethnicity | veteran_status | disability_status) and answer. #}
{% macro dei_self_id_columns() -%}
    {{ return([
        ['source_system', 'string'], ['connection', 'string'], ['application_key', 'string'],
        ['dimension', 'string'], ['answer_source', 'string'], ['answer_label', 'string'],
        ['submitted_at', 'timestamp'],
    ]) }}
{%- endmacro %}

{% macro dei_conform_self_identifications() -%}
    {%- for name, logical_type in dei_self_id_columns() %}
    cast({{ name }} as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#
    Vendors whose staging folder provides int_<vendor>__self_identifications (the pipeline passes them as the var
    ats_self_id_vendors, found on disk by ats_pipeline/transform.py) and that have a connection. Every other
    vendor is reported "not available from this ATS" in dei_coverage, never as zeros.
#}
{% macro dei_self_id_vendors() -%}
    {%- set with_models = var('ats_self_id_vendors', []) -%}
    {{ return(ats_vendors() | select('in', with_models) | list) }}
{%- endmacro %}

{#
    Upper tail of the standard normal, P(Z > |x|), in portable SQL: Hart's rational approximation as given by
    West (2005), "Better approximations to cumulative normal functions" - double precision (absolute error
    ~1e-16, checked against scipy in ats_pipeline_tests/transform/test_dei.py). Two-sided p = 2 * this.
#}
{% macro dei_normal_tail(x) -%}
    {%- set a = '(abs(' ~ x ~ '))' -%}
    case
        when {{ x }} is null then null
        when {{ a }} > 37 then 0.0
        when {{ a }} < 7.07106781186547 then
            exp(-{{ a }} * {{ a }} / 2.0)
            * ((((((0.0352624965998911 * {{ a }} + 0.700383064443688) * {{ a }} + 6.37396220353165) * {{ a }}
                + 33.912866078383) * {{ a }} + 112.079291497871) * {{ a }} + 221.213596169931) * {{ a }}
                + 220.206867912376)
            / (((((((0.0883883476483184 * {{ a }} + 1.75566716318264) * {{ a }} + 16.064177579207) * {{ a }}
                + 86.7807322029461) * {{ a }} + 296.564248779674) * {{ a }} + 637.333633378831) * {{ a }}
                + 793.826512519948) * {{ a }} + 440.413735824752)
        else
            exp(-{{ a }} * {{ a }} / 2.0)
            / ({{ a }} + 1.0 / ({{ a }} + 2.0 / ({{ a }} + 3.0 / ({{ a }} + 4.0 / ({{ a }} + 0.65)))))
            / 2.506628274631
    end
{%- endmacro %}

{# Pooled two-proportion z: (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2). #}
{% macro dei_two_proportion_z(n1, x1, n2, x2) -%}
    case when {{ n1 }} > 0 and {{ n2 }} > 0 and {{ x1 }} + {{ x2 }} > 0 and {{ x1 }} + {{ x2 }} < {{ n1 }} + {{ n2 }} then
        (cast({{ x1 }} as {{ ats_type_double() }}) / {{ n1 }} - cast({{ x2 }} as {{ ats_type_double() }}) / {{ n2 }})
        / sqrt(
            (cast({{ x1 }} + {{ x2 }} as {{ ats_type_double() }}) / ({{ n1 }} + {{ n2 }}))
            * (1 - cast({{ x1 }} + {{ x2 }} as {{ ats_type_double() }}) / ({{ n1 }} + {{ n2 }}))
            * (1.0 / {{ n1 }} + 1.0 / {{ n2 }})
        )
    end
{%- endmacro %}

{#
    Fisher's exact test (two-sided, and its mid-P variant) for the 2x2 tables of `tables` (a CTE name with columns
    table_id, n1, x1, n2, x2: group 1 has n1 applicants and x1 selected). Returns a select of
    table_id, fisher_p, fisher_mid_p. Hypergeometric probabilities from log factorials (macro ats_ln_factorial:
    lgamma on DuckDB, model int_dei__log_factorials elsewhere); the support of each table is expanded with
    ats_with_integers_between (no range join); the two-sided p sums every table at most as probable as the observed one (relative
    tolerance 1e-7, as scipy does, so exactly tied tables count whatever the rounding).
#}
{% macro dei_fisher_exact(tables) -%}
    {%- set table = ref('int_dei__log_factorials') %}
    {%- set margin_terms = [['n1f', 't.n1'], ['n2f', 't.n2'], ['kf', 't.x1 + t.x2'], ['nkf', 't.n1 + t.n2 - t.x1 - t.x2'],
                            ['nf', 't.n1 + t.n2']] %}
    {%- set observed_terms = [['xf', 't.x1'], ['n1xf', 't.n1 - t.x1'], ['kxf', 't.x2'], ['n2kxf', 't.n2 - t.x2']] %}
    {%- set support_terms = [['xf', 'support.n'], ['n1xf', 'support.n1 - support.n'], ['kxf', 'support.k - support.n'],
                             ['n2kxf', 'support.n2 - support.k + support.n']] %}
    {%- set ln_constant -%}
        {% for alias, n in margin_terms %}{{ " - " if alias == 'nf' else (" + " if not loop.first) }}{{ ats_ln_factorial(alias, n) }}{% endfor %}
    {%- endset %}
    {#- per table: ln of the hypergeometric constant n1! n2! k! (N - k)! / N!, the observed table's ln p, and the
        range of x (group 1's selections) over the tables with the same margins #}
    {%- set margins -%}
        select
            t.table_id,
            t.n1,
            t.n2,
            t.x1 + t.x2 as k,
            greatest(0, t.x1 + t.x2 - t.n2) as low_x,
            least(t.n1, t.x1 + t.x2) as high_x,
            {{ ln_constant }} as ln_constant,
            {% for alias, n in observed_terms %}{{ " + " if not loop.first }}{{ ats_ln_factorial(alias, n) }}{% endfor %}
                as ln_observed_terms
        from {{ tables }} t
        {%- for alias, n in margin_terms + observed_terms %}
        {{ ats_ln_factorial_join(alias, n, table) }}
        {%- endfor %}
    {%- endset %}
    select
        tables.table_id,
        least(1.0, sum(case when tables.log_p <= tables.log_p_observed + 1e-7 then exp(tables.log_p) else 0 end))
            as fisher_p,
        least(1.0, sum(case when tables.log_p < tables.log_p_observed - 1e-7 then exp(tables.log_p) else 0 end)
            + 0.5 * sum(case when abs(tables.log_p - tables.log_p_observed) <= 1e-7 then exp(tables.log_p) else 0 end))
            as fisher_mid_p
    from (
        select
            support.table_id,
            support.ln_constant - support.ln_observed_terms as log_p_observed,
            support.ln_constant{% for alias, n in support_terms %} - {{ ats_ln_factorial(alias, n) }}{% endfor %} as log_p
        from {{ ats_with_integers_between(margins, 'r.low_x', 'r.high_x', table) }} support
        {%- for alias, n in support_terms %}
        {{ ats_ln_factorial_join(alias, n, table) }}
        {%- endfor %}
    ) tables
    group by tables.table_id
{%- endmacro %}

{# The counts of a DEI cell row, in cell_id order (int_dei__suppression_cells: cell_id = cell_row_id * 8 + index). #}
{% macro dei_measures() -%}
    {{ return(['applicants', 'selected', 'not_selected', 'hired', 'not_hired']) }}
{%- endmacro %}

{# The id of one count of a cell row (see dei_measures). #}
{% macro dei_cell_id(cell_row_id, measure) -%}
    {{ cell_row_id }} * 8 + {{ dei_measures().index(measure) }}
{%- endmacro %}

{# The dimensions of int_dei__application_groups (one column each): four self-ID questions and gender x race. #}
{% macro dei_dimensions() -%}
    {{ return(['gender', 'race_ethnicity', 'veteran_status', 'disability_status', 'gender_race_ethnicity']) }}
{%- endmacro %}

{#
    A select of int_dei__suppression at row grain: per cell row (cell_row_id), whether its applicants, selected and
    hired counts are hidden. The marts join it once per row they show, on an integer key.
#}
{% macro dei_hidden_counts() -%}
    select
        cell_row_id,
        {%- for measure in ['applicants', 'selected', 'hired'] %}
        max(case when measure = '{{ measure }}' and is_suppressed then 1 else 0 end) = 1 as {{ measure }}_hidden
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_dei__suppression') }}
    group by cell_row_id
{%- endmacro %}
