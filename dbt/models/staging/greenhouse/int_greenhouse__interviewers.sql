{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with interviewers as (

    select * from {{ ref('stg_greenhouse__interviewers') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'interviewer_id') }} as interviewer_key,
        {{ ats_key('greenhouse', 'interview_id') }} as interview_key,
        {{ ats_key('greenhouse', 'user_id') }} as user_key,
        response_status,
        {{ ats_key('greenhouse', 'scorecard_id') }} as scorecard_key
    from interviewers

)

select {{ conform('interviewers') }} from final
