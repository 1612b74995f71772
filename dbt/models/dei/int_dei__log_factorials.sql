{#
    ln(n!) for n = 0 .. the largest count any DEI test needs (the most applications at one step of a
    connection), up to 10^6 - 1: Fisher's exact test is only computed for tables within that range. Portable SQL:
    a digits cross join and a running sum of ln(i) (on DuckDB lgamma, which the Fisher test itself uses there,
    and which needs no sort of a million rows: macro ats_ln_factorial_of).
#}
with digits as (

    {%- for d in range(10) %}
    select {{ d }} as d {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

needed as (

    select coalesce(max(applicants), 0) as max_n from {{ ref('int_dei__cells') }} where row_kind = 'total'

),

numbers as (

    select d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d + 10000 * d4.d + 100000 * d5.d as n
    from digits d0
    cross join digits d1
    cross join digits d2
    cross join digits d3
    cross join digits d4
    cross join digits d5

)

select
    n,
    {{ ats_ln_factorial_of('n') }} as ln_factorial
from numbers
where n <= (select max_n from needed)
