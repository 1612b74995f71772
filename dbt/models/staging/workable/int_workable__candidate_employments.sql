{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Experience entries of the people, kept once per entry id (see int_workable__candidate_educations); the
-- current position is the latest.
with entries as (

    select
        experiences.*,
        people.person_id
    from {{ ref('stg_workable__candidate_experiences') }} as experiences
    inner join {{ ref('stg_workable__candidates') }} as candidates
        on experiences.connection = candidates.connection
        and experiences.candidate_dlt_row_id = candidates.dlt_row_id
    inner join {{ ref('int_workable__people') }} as people
        on candidates.connection = people.connection
        and candidates.candidate_id = people.candidate_id

),

deduplicated as (

    select
        entries.*,
        row_number() over (partition by connection, experience_id order by person_id) as copy_number
    from entries

),

final as (

    select
        'workable' as source_system,
        connection,
        {{ ats_key('workable', 'experience_id') }} as employment_key,
        experience_id as employment_id,
        {{ ats_key('workable', 'person_id') }} as candidate_key,
        company_name,
        title,
        start_date,
        end_date,
        is_current as is_latest
    from deduplicated
    where copy_number = 1

)

select {{ conform('candidate_employments') }} from final
