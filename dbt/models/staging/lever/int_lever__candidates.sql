{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Lever has no candidate record: the person is the opportunity's contact (candidate_key = the contact id),
    shared by that person's opportunities. Person fields come from the contact's most recently updated
    opportunity (Lever renders them on every opportunity); the full name is split at its first blank; only the
    first email, hashed. An anonymized contact has null PII.
#}
with opportunities as (

    select * from {{ ref('stg_lever__opportunities') }}

),

emails as (

    select connection, opportunity_dlt_row_id, email
    from {{ ref('stg_lever__opportunity_emails') }}
    where position = 0

),

ranked as (

    select
        opportunities.*,
        emails.email,
        row_number() over (
            partition by opportunities.connection, opportunities.contact_id
            order by opportunities.updated_at desc, opportunities.opportunity_id desc
        ) as recency,
        min(opportunities.created_at) over (
            partition by opportunities.connection, opportunities.contact_id
        ) as first_created_at,
        max(opportunities.updated_at) over (
            partition by opportunities.connection, opportunities.contact_id
        ) as last_updated_at,
        max(opportunities.last_interaction_at) over (
            partition by opportunities.connection, opportunities.contact_id
        ) as last_interaction
    from opportunities
    left join emails
        on opportunities.connection = emails.connection
        and opportunities.dlt_row_id = emails.opportunity_dlt_row_id

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', 'contact_id') }} as candidate_key,
        contact_id as candidate_id,
        {{ dbt.split_part('full_name', "' '", 1) }} as first_name,
        case when {{ dbt.position("' '", 'full_name') }} > 0 then
            trim({{ dbt.right('full_name', dbt.length('full_name') ~ ' - ' ~ dbt.position("' '", 'full_name')) }})
        end as last_name,
        headline as company,
        cast(null as {{ dbt.type_string() }}) as title,
        case when email is not null then {{ dbt.hash("lower(trim(email))") }} end as email_hash,
        first_created_at as created_at,
        last_updated_at as updated_at,
        last_interaction as last_activity_at
    from ranked
    where recency = 1

)

select {{ conform('candidates') }} from final
