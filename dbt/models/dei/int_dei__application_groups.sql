{#
    Restricted. One row per applicant application of a vendor with self-ID models, with one column per dimension
    (macro dei_dimensions): the application's reporting group (seed dei_self_id_categories_v1) or why it has none
    (declined, not_submitted, unmapped). Race/ethnicity is multi-valued at the source; the reporting category
    follows EEO-1: Hispanic or Latino if chosen, else Two or More Races when several races were chosen, else the
    race. gender_race_ethnicity is the intersection (both reported), for intersectional impact ratios.
    With what the steps need (plan, furthest position, visited stages, hired: see int_dei__cells).
    Wide, not one row per dimension: at a million applications the long form is 5 million rows to write and join.
#}
{%- set vendors = dei_self_id_vendors() %}
{%- set answered = ['gender', 'race_ethnicity', 'veteran_status', 'disability_status'] %}
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

per_application as (

    -- several distinct reported categories <=> their min and max differ (cheaper than count(distinct))
    select
        application_key,
        {%- for dimension in answered %}
        max(case when dimension = '{{ dimension }}' then 1 else 0 end) as {{ dimension }}_answered,
        min(case when dimension = '{{ dimension }}' then reported_category end) as {{ dimension }}_first,
        max(case when dimension = '{{ dimension }}' then reported_category end) as {{ dimension }}_last,
        max(case when dimension = '{{ dimension }}' and category = 'unmapped' then 1 else 0 end)
            as {{ dimension }}_unmapped,
        {%- endfor %}
        max(case when dimension = 'race_ethnicity' and category = 'hispanic_latino' then 1 else 0 end)
            as race_ethnicity_hispanic,
        max(case when dimension = 'race_ethnicity' and category = 'two_or_more' then 1 else 0 end)
            as race_ethnicity_two_or_more
    from (
        select
            mapped.*,
            case when category not in ('declined', 'unmapped') then category end as reported_category
        from mapped
    ) answers
    group by application_key

),

applications as (

    select
        plans.source_system,
        plans.connection,
        plans.application_key,
        plans.job_key,
        jobs.department_key,
        plans.plan_key,
        plans.furthest_position,
        plans.visited_stages_mask,
        plans.is_hired
    from {{ ref('int_application_plans') }} plans
    left join {{ ref('dim_jobs') }} jobs on plans.job_key = jobs.job_key
    where plans.source_system in ({{ "'" ~ (vendors | join("', '")) ~ "'" if vendors else "''" }})

),

single as (

    select
        applications.source_system,
        applications.connection,
        applications.application_key,
        applications.job_key,
        applications.department_key,
        applications.plan_key,
        applications.furthest_position,
        applications.visited_stages_mask,
        applications.is_hired,
        {%- for dimension in answered %}
        case
            {%- if dimension == 'race_ethnicity' %}
            when answers.race_ethnicity_hispanic = 1 then 'hispanic_latino'
            when answers.race_ethnicity_two_or_more = 1
                or answers.race_ethnicity_first <> answers.race_ethnicity_last then 'two_or_more'
            {%- endif %}
            when answers.{{ dimension }}_first is not null then answers.{{ dimension }}_first
            when answers.{{ dimension }}_unmapped = 1 then 'unmapped'
            when answers.{{ dimension }}_answered = 1 then 'declined'
            else 'not_submitted'
        end as {{ dimension }}{{ "," if not loop.last }}
        {%- endfor %}
    from applications
    left join per_application answers on applications.application_key = answers.application_key

)

select
    single.*,
    case
        when 'not_submitted' in (gender, race_ethnicity) then 'not_submitted'
        when 'unmapped' in (gender, race_ethnicity) then 'unmapped'
        when 'declined' in (gender, race_ethnicity) then 'declined'
        else {{ dbt.concat(['gender', "'__'", 'race_ethnicity']) }}
    end as gender_race_ethnicity
from single
