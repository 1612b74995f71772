{{ config(enabled=ats_vendor_enabled('greenhouse'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

with source as (

    {{ union_connections('greenhouse', 'demographic_answer_options', [
        ['id', 'bigint'],
        ['demographic_question_id', 'bigint'],
        ['name', 'string'],
        ['free_form', 'boolean'],
        ['decline_to_answer', 'boolean'],
    ], restricted=true) }}

)

select
    connection,
    id as demographic_answer_option_id,
    demographic_question_id,
    name as option_name,
    coalesce(free_form, false) as is_free_form,
    coalesce(decline_to_answer, false) as is_decline_to_answer
from source
