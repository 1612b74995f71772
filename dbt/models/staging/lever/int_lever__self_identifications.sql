{{ config(materialized='table', enabled=ats_vendor_enabled('lever'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

{#
    Lever self-identification in the conformed shape (macro dei_self_id_columns): one row per opportunity
    (= application), dimension and answer, from the EEO responses linked to opportunities. Lever's survey fields
    are fixed (gender, race, veteran, disability), so the field-to-dimension mapping lives here rather than in the
    seed dei_self_id_questions (which maps free question names); answer labels map in dei_self_id_categories_v1.
#}
with responses as (

    select * from {{ ref('stg_lever__eeo_responses_pii') }}
    where opportunity_id is not null

),

long as (

    {%- for dimension, column in [
        ['gender', 'gender_answer'], ['race_ethnicity', 'race_answer'],
        ['veteran_status', 'veteran_status_answer'], ['disability_status', 'disability_status_answer'],
    ] %}
    select connection, opportunity_id, '{{ dimension }}' as dimension, {{ column }} as answer_label, submitted_at
    from responses
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', 'opportunity_id') }} as application_key,
        dimension,
        'eeo_responses' as answer_source,
        answer_label,
        submitted_at
    from long

)

select {{ dei_conform_self_identifications() }} from final
