{{ config(enabled=ats_vendor_enabled('lever')) }}

{#
    Each posting's plan, recovered from what the API carries. Lever stages are account-wide ({id, text}, no
    per-posting pipeline endpoint); a stage entry (stageChanges) says which stage an opportunity of a posting
    entered and the stage's position in that posting's plan (toStageIndex). A posting's plan is therefore the
    stages its opportunities entered, ordered by that index: a stage no opportunity of the posting ever entered
    is not known (documented convention: imputed funnel reach counts skipped stages only among known ones).
    job_stage_id = '<posting id>:<stage id>' (one stage can serve several postings).
#}
with changes as (

    select * from {{ ref('stg_lever__stage_changes') }}

),

opportunities as (

    select connection, opportunity_id, dlt_row_id from {{ ref('stg_lever__opportunities') }}

),

applications as (

    select distinct connection, opportunity_id, posting_id
    from {{ ref('stg_lever__applications') }}
    where posting_id is not null

),

stages as (

    select * from {{ ref('stg_lever__stages') }}

),

plan as (

    select
        changes.connection,
        applications.posting_id,
        changes.stage_id,
        min(changes.stage_index) as stage_index
    from changes
    inner join opportunities
        on changes.connection = opportunities.connection
        and changes.opportunity_dlt_row_id = opportunities.dlt_row_id
    inner join applications
        on opportunities.connection = applications.connection
        and opportunities.opportunity_id = applications.opportunity_id
    group by changes.connection, applications.posting_id, changes.stage_id

),

final as (

    select
        'lever' as source_system,
        plan.connection,
        {{ ats_key('lever', dbt.concat(['plan.posting_id', "':'", 'plan.stage_id']), 'plan.connection') }}
            as job_stage_key,
        {{ dbt.concat(['plan.posting_id', "':'", 'plan.stage_id']) }} as job_stage_id,
        {{ ats_key('lever', 'plan.posting_id', 'plan.connection') }} as job_key,
        plan.posting_id as job_id,
        stages.stage_name,
        cast(null as {{ dbt.type_string() }}) as stage_type,
        plan.stage_index + 1 as stage_order,
        true as is_active
    from plan
    left join stages
        on plan.connection = stages.connection
        and plan.stage_id = stages.stage_id

)

select {{ conform('job_stages') }} from final
