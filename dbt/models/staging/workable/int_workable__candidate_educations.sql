{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Education entries of the people (int_workable__people): a person's entries repeat on each of their candidate
-- records with the same id, so they are kept once, for the person.
with entries as (

    select
        educations.*,
        people.person_id
    from {{ ref('stg_workable__candidate_educations') }} as educations
    inner join {{ ref('stg_workable__candidates') }} as candidates
        on educations.connection = candidates.connection
        and educations.candidate_dlt_row_id = candidates.dlt_row_id
    inner join {{ ref('int_workable__people') }} as people
        on candidates.connection = people.connection
        and candidates.candidate_id = people.candidate_id

),

deduplicated as (

    select
        entries.*,
        row_number() over (partition by connection, education_id order by person_id) as copy_number,
        row_number() over (
            partition by connection, person_id order by end_date desc nulls first, start_date desc, education_id
        ) as recency
    from entries

),

final as (

    select
        'workable' as source_system,
        connection,
        {{ ats_key('workable', 'education_id') }} as education_key,
        education_id,
        {{ ats_key('workable', 'person_id') }} as candidate_key,
        school_name,
        degree,
        discipline,
        start_date,
        end_date,
        recency = 1 as is_latest
    from deduplicated
    where copy_number = 1

)

select {{ conform('candidate_educations') }} from final
