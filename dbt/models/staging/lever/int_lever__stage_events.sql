{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    One row per stage visit, from Lever's native history (opportunity.stageChanges). Lever records entries only:
    a visit ends when the next one begins, the last one when the opportunity is archived (open while active).
    Stages are account-wide in Lever, so a visit's job stage is (posting, stage): see int_lever__job_stages.
    Opportunities without a posting (leads) belong to no job plan and give no visits.
#}
with changes as (

    select * from {{ ref('stg_lever__stage_changes') }}

),

opportunities as (

    select connection, opportunity_id, dlt_row_id, archived_at from {{ ref('stg_lever__opportunities') }}

),

applications as (

    select distinct connection, opportunity_id, posting_id
    from {{ ref('stg_lever__applications') }}
    where posting_id is not null

),

visits as (

    select
        changes.connection,
        opportunities.opportunity_id,
        applications.posting_id,
        changes.stage_id,
        changes.position,
        changes.entered_at,
        coalesce(
            lead(changes.entered_at) over (
                partition by changes.connection, opportunities.opportunity_id
                order by changes.entered_at, changes.position
            ),
            opportunities.archived_at
        ) as exited_at
    from changes
    inner join opportunities
        on changes.connection = opportunities.connection
        and changes.opportunity_dlt_row_id = opportunities.dlt_row_id
    inner join applications
        on opportunities.connection = applications.connection
        and opportunities.opportunity_id = applications.opportunity_id

),

final as (

    select
        'lever' as source_system,
        connection,
        {{ ats_key('lever', dbt.concat(['opportunity_id', "':'", dbt.cast('position', api.Column.translate_type('string'))])) }}
            as stage_event_key,
        {{ dbt.concat(['opportunity_id', "':'", dbt.cast('position', api.Column.translate_type('string'))]) }}
            as stage_event_id,
        {{ ats_key('lever', 'opportunity_id') }} as application_key,
        {{ ats_key('lever', dbt.concat(['posting_id', "':'", 'stage_id'])) }} as job_stage_key,
        entered_at,
        exited_at
    from visits

)

select {{ conform('stage_events') }} from final
