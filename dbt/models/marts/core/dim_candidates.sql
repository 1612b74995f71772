-- One row per candidate (person record) per connection. No demographic or contact columns: email only hashed.
with candidates as (

    {{ union_vendors('candidates') }}

),

applications as (

    select
        candidate_key,
        count(*) as applications,
        {{ ats_count_where('not is_prospect') }} as applicant_applications,
        {{ ats_count_where("status = 'hired'") }} as hires,
        min(applied_at) as first_applied_at,
        max(applied_at) as last_applied_at
    from {{ ref('int_applications') }}
    group by candidate_key

)

select
    candidates.*,
    coalesce(applications.applications, 0) as applications,
    coalesce(applications.applicant_applications, 0) as applicant_applications,
    coalesce(applications.hires, 0) as hires,
    applications.first_applied_at,
    applications.last_applied_at
from candidates
left join applications
    on candidates.candidate_key = applications.candidate_key
