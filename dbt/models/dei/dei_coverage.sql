{#
    Restricted mart (no demographic value: counts of applications with any self-ID). One row per configured
    connection of a modelled vendor: whether its ATS exposes self-identification through the API, and how many
    applications carry it. A vendor without an int_<vendor>__self_identifications model is "not available from
    this ATS", a connection whose options turn the sync off (var ats_self_id_off, e.g. Lever's eeo_pii: false)
    "turned off for this connection" - never zeros.
#}
{%- set with_self_id = dei_self_id_vendors() %}
{%- set turned_off = var('ats_self_id_off', []) | list %}
{%- set notes = {
    'greenhouse': 'EEOC form (one answer per question; non-binary only as Decline) and demographic questions (multi-select race/ethnicity, non-binary); demographic answers preferred, EEOC fills the rest.',
    'lever': 'EEO responses per opportunity (eeo_responses_pii). The anonymous /eeo/responses endpoint carries no opportunity or candidate id: it cannot be linked to applications, stages or outcomes, so it is not used for selection rates.',
    'ashby': 'Not available from this ATS: the API exposes no EEOC or diversity survey answers.',
    'workable': 'Not available from this ATS: the API exposes no EEO or diversity data.',
} %}
with applications as (

    select connection, count(*) as applications from {{ ref('int_application_plans') }} group by connection

),

reported as (

    select connection, count(*) as applications_with_self_id
    from {{ ref('int_dei__application_groups') }}
    where gender <> 'not_submitted' or race_ethnicity <> 'not_submitted' or veteran_status <> 'not_submitted'
        or disability_status <> 'not_submitted'
    group by connection

),

connections as (

    {%- set rows = [] %}
    {%- for vendor in ats_vendors() %}{% for connection in ats_connections(vendor) %}
    {%- do rows.append([vendor, connection]) %}
    {%- endfor %}{% endfor %}
    {%- if rows | length == 0 %}
    select cast(null as {{ dbt.type_string() }}) as source_system, cast(null as {{ dbt.type_string() }}) as connection,
           cast(null as {{ dbt.type_string() }}) as note
    where 1 = 0
    {%- endif %}
    {%- for vendor, connection in rows %}
    select '{{ vendor }}' as source_system, '{{ connection }}' as connection,
           '{{ notes.get(vendor, "Not available from this ATS: no self-identification model for this vendor.") | replace("'", "''") }}' as note
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

availability as (

    select
        source_system,
        connection,
        case
            when connection in ({{ "'" ~ (turned_off | join("', '")) ~ "'" if turned_off else "''" }})
                then 'turned off for this connection'
            when source_system in ({{ "'" ~ (with_self_id | join("', '")) ~ "'" if with_self_id else "''" }})
                then 'available'
            else 'not available from this ATS'
        end as self_id_availability,
        case
            when connection in ({{ "'" ~ (turned_off | join("', '")) ~ "'" if turned_off else "''" }})
                then 'Turned off in this connection''s options: its self-identification answers are not synced.'
            else note
        end as note
    from connections

)

select
    availability.source_system,
    availability.connection,
    availability.self_id_availability,
    coalesce(applications.applications, 0) as applications,
    case when availability.self_id_availability = 'available'
        then coalesce(reported.applications_with_self_id, 0) end as applications_with_self_id,
    case when availability.self_id_availability = 'available' and applications.applications > 0
        then cast(coalesce(reported.applications_with_self_id, 0) as {{ ats_type_double() }}) / applications.applications
    end as response_rate,
    availability.note
from availability
left join applications on availability.connection = applications.connection
left join reported on availability.connection = reported.connection
