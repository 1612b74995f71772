{{ config(materialized='table', enabled=ats_vendor_enabled('greenhouse'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

{#
    Greenhouse self-identification in the conformed shape (macro dei_self_id_columns): one row per application,
    dimension and answer. The demographic questions are preferred (multi-select race, non-binary gender); the
    EEOC form (one answer per question, non-binary folded into "Decline") fills dimensions an application has no
    demographic answer for. Which question is which dimension: seed dei_self_id_questions.
#}
with answers as (

    select * from {{ ref('stg_greenhouse__demographic_answers') }}

),

options as (

    select * from {{ ref('stg_greenhouse__demographic_answer_options') }}

),

questions as (

    select * from {{ ref('stg_greenhouse__demographic_questions') }}

),

question_dimensions as (

    select question_name, dimension from {{ ref('dei_self_id_questions') }} where source_system = 'greenhouse'

),

demographic as (

    select
        answers.connection,
        answers.application_id,
        question_dimensions.dimension,
        'demographic_questions' as answer_source,
        case when options.is_free_form then answers.free_form_text else options.option_name end as answer_label,
        answers.answered_at as submitted_at
    from answers
    inner join options
        on answers.connection = options.connection
        and answers.demographic_answer_option_id = options.demographic_answer_option_id
    inner join questions
        on answers.connection = questions.connection
        and answers.demographic_question_id = questions.demographic_question_id
    inner join question_dimensions on lower(questions.question_name) = lower(question_dimensions.question_name)

),

eeoc as (

    select * from {{ ref('stg_greenhouse__eeoc') }}

),

eeoc_long as (

    {%- for dimension, column in [
        ['gender', 'gender_answer'], ['race_ethnicity', 'race_answer'],
        ['veteran_status', 'veteran_status_answer'], ['disability_status', 'disability_status_answer'],
    ] %}
    select connection, application_id, '{{ dimension }}' as dimension, 'eeoc' as answer_source,
           {{ column }} as answer_label, submitted_at
    from eeoc
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

eeoc_fallback as (

    select eeoc_long.*
    from eeoc_long
    left join (select distinct connection, application_id, dimension from demographic) covered
        on eeoc_long.connection = covered.connection
        and eeoc_long.application_id = covered.application_id
        and eeoc_long.dimension = covered.dimension
    where covered.application_id is null

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'application_id') }} as application_key,
        dimension,
        answer_source,
        answer_label,
        submitted_at
    from (select * from demographic union all select * from eeoc_fallback) unioned

)

select {{ dei_conform_self_identifications() }} from final
