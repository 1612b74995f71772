{#
    Restricted. Unsuppressed counts per block - connection x scope (overall | department | job) x stage x
    dimension - and row: each group (reported groups, declined, not_submitted, unmapped), 'total_reported' (the
    reported groups) and 'total' (every application at the step). Measures: applicants (reached the stage),
    selected (went on to the next stage; bottom line: hired), hired, and their complements.
#}
with outcomes as (

    select
        groups.source_system,
        groups.connection,
        groups.application_key,
        groups.job_key,
        coalesce(groups.department_key, {{ dbt.concat(['groups.connection', "':unassigned'"]) }}) as department_key,
        groups.dimension,
        groups.group_name,
        groups.group_status,
        outcomes.stage,
        outcomes.stage_order,
        outcomes.step,
        outcomes.is_selected,
        outcomes.is_hired
    from {{ ref('int_dei__application_groups') }} groups
    inner join {{ ref('int_dei__stage_outcomes') }} outcomes on groups.application_key = outcomes.application_key

),

scoped as (

    select *, 'overall' as scope_type, connection as scope_key, cast(null as {{ dbt.type_string() }}) as parent_scope_key
    from outcomes
    union all
    select *, 'department' as scope_type, department_key as scope_key, connection as parent_scope_key
    from outcomes
    union all
    select *, 'job' as scope_type, job_key as scope_key, department_key as parent_scope_key
    from outcomes

),

rows_ as (

    select *, group_name as row_name from scoped
    union all
    select *, 'total_reported' as row_name from scoped where group_status = 'reported'
    union all
    select *, 'total' as row_name from scoped

)

select
    {{ dbt.concat(['connection', "'|'", 'scope_type', "'|'", 'scope_key', "'|'", 'stage', "'|'", 'dimension']) }}
        as block_key,
    source_system,
    connection,
    scope_type,
    scope_key,
    max(parent_scope_key) as parent_scope_key,
    stage,
    max(stage_order) as stage_order,
    max(step) as step,
    dimension,
    row_name,
    case
        when row_name in ('total_reported', 'total', 'declined', 'not_submitted', 'unmapped') then row_name
        else 'group'
    end as row_kind,
    count(*) as applicants,
    sum(case when is_selected then 1 else 0 end) as selected,
    sum(case when is_selected then 0 else 1 end) as not_selected,
    sum(case when is_hired then 1 else 0 end) as hired,
    sum(case when is_hired then 0 else 1 end) as not_hired
from rows_
group by source_system, connection, scope_type, scope_key, stage, dimension, row_name
