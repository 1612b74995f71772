{#
    Restricted. One row per applicant application of a vendor with self-ID models, and dimension: the application's
    reporting group (seed dei_self_id_categories_v1) or why it has none (declined, not_submitted, unmapped).
    Race/ethnicity is multi-valued at the source; the reporting category follows EEO-1: Hispanic or Latino if
    chosen, else Two or More Races when several races were chosen, else the race. gender_race_ethnicity is the
    intersection (both reported), for intersectional impact ratios.
#}
{%- set vendors = dei_self_id_vendors() %}
with self_ids as (

    {%- if vendors | length == 0 %}
    select
        {%- for name, logical_type in dei_self_id_columns() %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    where 1 = 0
    {%- endif %}
    {%- for vendor in vendors %}
    select * from {{ ref('int_' ~ vendor ~ '__self_identifications') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

categories as (

    select dimension, lower(answer_label) as answer_label, category from {{ ref('dei_self_id_categories_v1') }}

),

mapped as (

    select
        self_ids.application_key,
        self_ids.dimension,
        coalesce(categories.category, 'unmapped') as category
    from self_ids
    left join categories
        on self_ids.dimension = categories.dimension
        and lower(trim(self_ids.answer_label)) = categories.answer_label

),

per_dimension as (

    select
        application_key,
        dimension,
        case
            when dimension = 'race_ethnicity' and sum(case when category = 'hispanic_latino' then 1 else 0 end) > 0
                then 'hispanic_latino'
            when dimension = 'race_ethnicity'
                and (count(distinct case when category not in ('declined', 'unmapped') then category end) > 1
                     or sum(case when category = 'two_or_more' then 1 else 0 end) > 0)
                then 'two_or_more'
            when count(distinct case when category not in ('declined', 'unmapped') then category end) >= 1
                then min(case when category not in ('declined', 'unmapped') then category end)
            when sum(case when category = 'unmapped' then 1 else 0 end) > 0 then 'unmapped'
            else 'declined'
        end as group_name
    from mapped
    group by application_key, dimension

),

applications as (

    select plans.source_system, plans.connection, plans.application_key, plans.job_key, jobs.department_key
    from {{ ref('int_application_plans') }} plans
    left join {{ ref('dim_jobs') }} jobs on plans.job_key = jobs.job_key
    where plans.source_system in ({{ "'" ~ (vendors | join("', '")) ~ "'" if vendors else "''" }})

),

dimensions as (

    {%- for dimension in ['gender', 'race_ethnicity', 'veteran_status', 'disability_status'] %}
    select '{{ dimension }}' as dimension {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

single as (

    select
        applications.source_system,
        applications.connection,
        applications.application_key,
        applications.job_key,
        applications.department_key,
        dimensions.dimension,
        coalesce(per_dimension.group_name, 'not_submitted') as group_name
    from applications
    cross join dimensions
    left join per_dimension
        on applications.application_key = per_dimension.application_key
        and dimensions.dimension = per_dimension.dimension

),

intersection as (

    select
        gender.source_system,
        gender.connection,
        gender.application_key,
        gender.job_key,
        gender.department_key,
        'gender_race_ethnicity' as dimension,
        case
            when 'not_submitted' in (gender.group_name, race.group_name) then 'not_submitted'
            when 'unmapped' in (gender.group_name, race.group_name) then 'unmapped'
            when 'declined' in (gender.group_name, race.group_name) then 'declined'
            else {{ dbt.concat(['gender.group_name', "'__'", 'race.group_name']) }}
        end as group_name
    from single gender
    inner join single race
        on gender.application_key = race.application_key
        and gender.dimension = 'gender'
        and race.dimension = 'race_ethnicity'

)

select
    *,
    case when group_name in ('declined', 'not_submitted', 'unmapped') then group_name else 'reported' end
        as group_status
from (select * from single union all select * from intersection) groups
