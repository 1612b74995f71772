{{ config(enabled=ats_vendor_enabled('workable')) }}

-- The candidates' activity log per job (GET /jobs/:shortcode/activities): applied / sourced (the stage entered
-- is action_stage), moved (from action_stage to target_stage), disqualified (reason in body), reverted
-- (disqualification undone), plus comments and ratings. The candidate's name is not loaded.
with source as (

    {{ union_connections('workable', 'activities', [
        ['id', 'string'],
        ['candidate__id', 'string'],
        ['job_shortcode', 'string'],
        ['action', 'string'],
        ['stage_name', 'string'],
        ['action_stage__id', 'bigint'],
        ['action_stage__name', 'string'],
        ['target_stage__id', 'bigint'],
        ['target_stage__name', 'string'],
        ['member__id', 'string'],
        ['body', 'string'],
        ['created_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as activity_id,
        candidate__id as candidate_id,
        job_shortcode,
        lower(action) as action,
        action_stage__id as action_stage_id,
        action_stage__name as action_stage_name,
        target_stage__id as target_stage_id,
        target_stage__name as target_stage_name,
        member__id as member_id,
        body,
        created_at
    from source

)

select * from renamed
