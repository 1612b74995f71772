{{ config(enabled=ats_vendor_enabled('greenhouse'), schema='dei', tags=['dei'], meta={'restricted': true}) }}

with source as (

    {{ union_connections('greenhouse', 'demographic_answers', [
        ['id', 'bigint'],
        ['application_id', 'bigint'],
        ['demographic_question_id', 'bigint'],
        ['demographic_answer_option_id', 'bigint'],
        ['free_form_text', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ], restricted=true) }}

)

select
    connection,
    id as demographic_answer_id,
    application_id,
    demographic_question_id,
    demographic_answer_option_id,
    free_form_text,
    created_at as answered_at,
    updated_at
from source
