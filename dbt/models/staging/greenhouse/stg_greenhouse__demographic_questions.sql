{{ config(enabled=ats_vendor_enabled('greenhouse'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

with source as (

    {{ union_connections('greenhouse', 'demographic_questions', [
        ['id', 'bigint'],
        ['demographic_question_set_id', 'bigint'],
        ['name', 'string'],
        ['answer_type', 'string'],
        ['active', 'boolean'],
    ], restricted=true) }}

)

select
    connection,
    id as demographic_question_id,
    demographic_question_set_id,
    name as question_name,
    answer_type,
    active as is_active
from source
