{#
    Restricted. Unsuppressed counts per block - connection x scope x stage x dimension - and row: each group
    (reported groups, declined, not_submitted, unmapped), 'total_reported' (the reported groups) and 'total' (every
    application at the step). Measures: applicants (reached the stage), selected (went on to the next stage; bottom
    line: hired), hired, and their complements.

    Scopes: overall (the connection), department, job - only jobs with at least var dei_min_job_applications
    applications (default 100; 0 analyses every job) - and pooled_jobs: per department, its smaller jobs together.
    A job below the threshold splits into cells that are nearly all below k, so it would only be suppressed; pooled,
    its applicants still count at job level, and a department stays the sum of its children (jobs + pool).

    Counts are aggregated once at the finest grain (job or pool x stage x dimension x group) and rolled up from
    there, as 64-bit integers (a DuckDB sum of integers is a 128-bit HUGEINT, which is many times slower to scan:
    the suppression reads these counts millions of times). Integer ids for the suppression: cell_row_id (this row), block_number, parent_cell_row_id (the same row
    of the parent scope's block: department for job and pool, overall for department).
#}
{%- set min_job_applications = var('dei_min_job_applications', 100) %}
{%- set materialized = ats_materialized_cte() %}
with groups as (

    select * from {{ ref('int_dei__application_groups') }}

),

job_sizes as (

    select job_key, count(*) as applications
    from groups
    where job_key is not null
    group by job_key

),

-- each application with the scopes it counts in below the connection
scoped_groups as {{ materialized }} (

    select
        groups.*,
        coalesce(groups.department_key, {{ dbt.concat(['groups.connection', "':unassigned'"]) }})
            as scope_department_key,
        case when job_sizes.applications >= {{ min_job_applications }} then groups.job_key end as analysed_job_key
    from groups
    left join job_sizes on groups.job_key = job_sizes.job_key

),

-- one row per application and step it took: each canonical stage it visited (selected = it reached the next
-- canonical stage of its plan, skipped stages imputed; after offer: hired - int_application_stage_reached's flags,
-- macro ats_stage_reached) and the bottom line 'all' (every application, selected = hired): UGESP's component and
-- total-process views
{%- set carried = ['source_system', 'connection', 'scope_department_key', 'analysed_job_key', 'is_hired']
                  + dei_dimensions() %}
steps as {{ materialized }} (

    select
        {%- for column in carried %}
        groups.{{ column }},
        {%- endfor %}
        plan_stages.canonical_stage as stage,
        plan_stages.canonical_order as stage_order,
        'component' as step,
        coalesce({{ ats_stage_reached('next_reached_imputed', 'groups', 'plan_stages') }}, false) as is_selected
    from scoped_groups groups
    inner join {{ ref('int_application_plan_stages') }} plan_stages
        on groups.plan_key = plan_stages.plan_key
        and {{ ats_stage_reached('reached_strict', 'groups', 'plan_stages') }}
    where plan_stages.canonical_stage <> 'hired'
    union all
    select
        {%- for column in carried %}
        groups.{{ column }},
        {%- endfor %}
        'all' as stage,
        99 as stage_order,
        'bottom_line' as step,
        groups.is_hired as is_selected
    from scoped_groups groups

),

finest as (
    {%- for dimension in dei_dimensions() %}

    select
        source_system,
        connection,
        scope_department_key as department_key,
        analysed_job_key,
        stage,
        stage_order,
        step,
        '{{ dimension }}' as dimension,
        {{ dimension }} as group_name,
        case when {{ dimension }} in ('declined', 'not_submitted', 'unmapped') then {{ dimension }} else 'reported' end
            as group_status,
        count(*) as applicants,
        {{ ats_count_where('is_selected') }} as selected,
        {{ ats_count_where('is_hired') }} as hired
    from steps
    group by
        source_system, connection, scope_department_key, analysed_job_key, stage, stage_order, step, {{ dimension }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

rows_ as (

    select finest.*, group_name as row_name from finest
    union all
    select finest.*, 'total_reported' as row_name from finest where group_status = 'reported'
    union all
    select finest.*, 'total' as row_name from finest

),

scoped as (

    select
        source_system, connection, 'job' as scope_type, analysed_job_key as scope_key,
        department_key as parent_scope_key, stage, stage_order, step, dimension, row_name,
        applicants, selected, hired
    from rows_
    where analysed_job_key is not null
    union all
    select
        source_system, connection, 'pooled_jobs' as scope_type, department_key as scope_key,
        department_key as parent_scope_key, stage, stage_order, step, dimension, row_name,
        applicants, selected, hired
    from rows_
    where analysed_job_key is null
    union all
    select
        source_system, connection, 'department' as scope_type, department_key as scope_key,
        connection as parent_scope_key, stage, stage_order, step, dimension, row_name,
        applicants, selected, hired
    from rows_
    union all
    select
        source_system, connection, 'overall' as scope_type, connection as scope_key,
        cast(null as {{ dbt.type_string() }}) as parent_scope_key, stage, stage_order, step, dimension, row_name,
        applicants, selected, hired
    from rows_

),

counted as (

    select
        {{ dbt.concat(['connection', "'|'", 'scope_type', "'|'", 'scope_key', "'|'", 'stage', "'|'", 'dimension']) }}
            as block_key,
        source_system,
        connection,
        scope_type,
        scope_key,
        parent_scope_key,
        stage,
        stage_order,
        step,
        dimension,
        row_name,
        case
            when row_name in ('total_reported', 'total', 'declined', 'not_submitted', 'unmapped') then row_name
            else 'group'
        end as row_kind,
        {{ ats_integer_sum('applicants') }} as applicants,
        {{ ats_integer_sum('selected') }} as selected,
        {{ ats_integer_sum('applicants - selected') }} as not_selected,
        {{ ats_integer_sum('hired') }} as hired,
        {{ ats_integer_sum('applicants - hired') }} as not_hired
    from scoped
    group by
        source_system, connection, scope_type, scope_key, parent_scope_key, stage, stage_order, step, dimension,
        row_name

),

numbered as (

    select
        counted.*,
        row_number() over (order by block_key, row_name) as cell_row_id,
        dense_rank() over (order by block_key) as block_number,
        case scope_type when 'overall' then null when 'department' then 'overall' else 'department' end
            as parent_scope_type
    from counted

)

select
    numbered.block_key,
    numbered.block_number,
    numbered.cell_row_id,
    parent.cell_row_id as parent_cell_row_id,
    numbered.source_system,
    numbered.connection,
    numbered.scope_type,
    numbered.scope_key,
    numbered.parent_scope_key,
    numbered.stage,
    numbered.stage_order,
    numbered.step,
    numbered.dimension,
    numbered.row_name,
    numbered.row_kind,
    numbered.applicants,
    numbered.selected,
    numbered.not_selected,
    numbered.hired,
    numbered.not_hired
from numbered
left join numbered parent
    on parent.scope_type = numbered.parent_scope_type
    and parent.scope_key = numbered.parent_scope_key
    and parent.connection = numbered.connection
    and parent.stage = numbered.stage
    and parent.dimension = numbered.dimension
    and parent.row_name = numbered.row_name
