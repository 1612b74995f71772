{{ config(enabled=ats_vendor_enabled('workable')) }}

-- One row per stage visit, rebuilt from the activity log (Workable's native history): a visit begins with
-- "applied"/"sourced" (stage: action_stage) or "moved" (stage: target_stage, incl. the move to Hired) and ends
-- at the candidate's next move; the last one ends when the candidate is disqualified (disqualified_at, else the
-- last "disqualified" activity) and stays open otherwise. A disqualification undone ("reverted") ends nothing.
-- Activities name the stage; the job's stage is found by name within the job (names are unique in a pipeline).
with activities as (

    select * from {{ ref('stg_workable__activities') }}

),

moves as (

    select
        connection,
        activity_id,
        candidate_id,
        job_shortcode,
        case when action = 'moved' then target_stage_name else action_stage_name end as stage_name,
        created_at as entered_at,
        lead(created_at) over (
            partition by connection, candidate_id order by created_at, activity_id
        ) as next_entered_at
    from activities
    where action in ('applied', 'sourced', 'moved')

),

closing as (

    select
        connection,
        candidate_id,
        is_disqualified,
        disqualified_at
    from {{ ref('stg_workable__candidates') }}

),

last_disqualified as (

    select connection, candidate_id, max(created_at) as disqualified_at
    from activities
    where action = 'disqualified'
    group by connection, candidate_id

),

job_stages as (

    select * from {{ ref('stg_workable__job_stages') }}

),

final as (

    select
        'workable' as source_system,
        moves.connection,
        {{ ats_key('workable', 'moves.activity_id', 'moves.connection') }} as stage_event_key,
        moves.activity_id as stage_event_id,
        {{ ats_key('workable', 'moves.candidate_id', 'moves.connection') }} as application_key,
        {{ ats_key('workable', 'job_stages.job_stage_id', 'moves.connection') }} as job_stage_key,
        moves.entered_at,
        coalesce(
            moves.next_entered_at,
            case
                when closing.is_disqualified
                    then coalesce(closing.disqualified_at, last_disqualified.disqualified_at)
            end
        ) as exited_at
    from moves
    inner join closing
        on moves.connection = closing.connection
        and moves.candidate_id = closing.candidate_id
    left join last_disqualified
        on moves.connection = last_disqualified.connection
        and moves.candidate_id = last_disqualified.candidate_id
    left join job_stages
        on moves.connection = job_stages.connection
        and moves.job_shortcode = job_stages.job_shortcode
        and lower(moves.stage_name) = lower(job_stages.stage_name)

)

select {{ conform('stage_events') }} from final
