{{ config(enabled=ats_vendor_enabled('workable')) }}

-- People (int_workable__people): one row per group of candidate records sharing an email. Names come from the
-- most recently updated record; no contact details, the email only as a hash.
with candidates as (

    select * from {{ ref('stg_workable__candidates') }}

),

people as (

    select * from {{ ref('int_workable__people') }}

),

activity as (

    select connection, candidate_id, max(created_at) as last_activity_at
    from {{ ref('stg_workable__activities') }}
    group by connection, candidate_id

),

records as (

    select
        candidates.connection,
        people.person_id,
        people.email_hash,
        candidates.first_name,
        candidates.last_name,
        candidates.headline,
        candidates.created_at,
        candidates.updated_at,
        coalesce(activity.last_activity_at, candidates.created_at) as last_activity_at,
        row_number() over (
            partition by candidates.connection, people.person_id
            order by candidates.updated_at desc, candidates.candidate_id desc
        ) as recency
    from candidates
    inner join people
        on candidates.connection = people.connection
        and candidates.candidate_id = people.candidate_id
    left join activity
        on candidates.connection = activity.connection
        and candidates.candidate_id = activity.candidate_id

),

per_person as (

    select
        connection,
        person_id,
        min(created_at) as created_at,
        max(updated_at) as updated_at,
        max(last_activity_at) as last_activity_at
    from records
    group by connection, person_id

),

final as (

    select
        'workable' as source_system,
        records.connection,
        {{ ats_key('workable', 'records.person_id', 'records.connection') }} as candidate_key,
        records.person_id as candidate_id,
        records.first_name,
        records.last_name,
        cast(null as {{ dbt.type_string() }}) as company,
        records.headline as title,
        records.email_hash,
        per_person.created_at,
        per_person.updated_at,
        per_person.last_activity_at
    from records
    inner join per_person
        on records.connection = per_person.connection
        and records.person_id = per_person.person_id
    where records.recency = 1

)

select {{ conform('candidates') }} from final
