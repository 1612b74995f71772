{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Greenhouse's overall recommendation (v3 candidate_rating; v1 spelled strong_no "definitely_not") on the
-- canonical scale strong_no < no < yes < strong_yes; no_decision (and "mixed") carry no score.
with scorecards as (

    select * from {{ ref('stg_greenhouse__scorecards') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'scorecard_id') }} as scorecard_key,
        scorecard_id,
        {{ ats_key('greenhouse', 'application_id') }} as application_key,
        {{ ats_key('greenhouse', 'interview_id') }} as interview_key,
        {{ ats_key('greenhouse', 'interviewer_user_id') }} as interviewer_user_key,
        candidate_rating as recommendation_raw,
        case lower(candidate_rating)
            when 'strong_no' then 'strong_no'
            when 'definitely_not' then 'strong_no'
            when 'no' then 'no'
            when 'yes' then 'yes'
            when 'strong_yes' then 'strong_yes'
            else 'no_decision'
        end as recommendation,
        case when submitted_at is not null then 'submitted' else 'draft' end as scorecard_status,
        interviewed_at,
        submitted_at,
        created_at
    from scorecards

)

select {{ conform('scorecards') }} from final
