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
    table_id, fisher_p, fisher_mid_p. Hypergeometric probabilities from log factorials (model
    int_dei__log_factorials); the two-sided p sums every table at most as probable as the observed one (relative
    tolerance 1e-7, as scipy does, so exactly tied tables count whatever the rounding).
#}
{% macro dei_fisher_exact(tables) -%}
    select
        t.table_id,
        least(1.0, sum(case when s.log_p <= t.log_p_observed + 1e-7 then exp(s.log_p) else 0 end)) as fisher_p,
        least(1.0, sum(case when s.log_p < t.log_p_observed - 1e-7 then exp(s.log_p) else 0 end)
            + 0.5 * sum(case when abs(s.log_p - t.log_p_observed) <= 1e-7 then exp(s.log_p) else 0 end))
            as fisher_mid_p
    from (
        select
            t.table_id,
            x.n as x,
            n1f.ln_factorial + n2f.ln_factorial + kf.ln_factorial + nkf.ln_factorial - nf.ln_factorial
                - xf.ln_factorial - n1xf.ln_factorial - kxf.ln_factorial - n2kxf.ln_factorial as log_p
        from {{ tables }} t
        inner join {{ ref('int_dei__log_factorials') }} x
            on x.n between greatest(0, t.x1 + t.x2 - t.n2) and least(t.n1, t.x1 + t.x2)
        inner join {{ ref('int_dei__log_factorials') }} n1f on n1f.n = t.n1
        inner join {{ ref('int_dei__log_factorials') }} n2f on n2f.n = t.n2
        inner join {{ ref('int_dei__log_factorials') }} kf on kf.n = t.x1 + t.x2
        inner join {{ ref('int_dei__log_factorials') }} nkf on nkf.n = t.n1 + t.n2 - t.x1 - t.x2
        inner join {{ ref('int_dei__log_factorials') }} nf on nf.n = t.n1 + t.n2
        inner join {{ ref('int_dei__log_factorials') }} xf on xf.n = x.n
        inner join {{ ref('int_dei__log_factorials') }} n1xf on n1xf.n = t.n1 - x.n
        inner join {{ ref('int_dei__log_factorials') }} kxf on kxf.n = t.x1 + t.x2 - x.n
        inner join {{ ref('int_dei__log_factorials') }} n2kxf on n2kxf.n = t.n2 - t.x1 - t.x2 + x.n
    ) s
    inner join (
        select
            t.table_id,
            n1f.ln_factorial + n2f.ln_factorial + kf.ln_factorial + nkf.ln_factorial - nf.ln_factorial
                - xf.ln_factorial - n1xf.ln_factorial - kxf.ln_factorial - n2kxf.ln_factorial as log_p_observed
        from {{ tables }} t
        inner join {{ ref('int_dei__log_factorials') }} n1f on n1f.n = t.n1
        inner join {{ ref('int_dei__log_factorials') }} n2f on n2f.n = t.n2
        inner join {{ ref('int_dei__log_factorials') }} kf on kf.n = t.x1 + t.x2
        inner join {{ ref('int_dei__log_factorials') }} nkf on nkf.n = t.n1 + t.n2 - t.x1 - t.x2
        inner join {{ ref('int_dei__log_factorials') }} nf on nf.n = t.n1 + t.n2
        inner join {{ ref('int_dei__log_factorials') }} xf on xf.n = t.x1
        inner join {{ ref('int_dei__log_factorials') }} n1xf on n1xf.n = t.n1 - t.x1
        inner join {{ ref('int_dei__log_factorials') }} kxf on kxf.n = t.x2
        inner join {{ ref('int_dei__log_factorials') }} n2kxf on n2kxf.n = t.n2 - t.x2
    ) t on t.table_id = s.table_id
    group by t.table_id
{%- endmacro %}
