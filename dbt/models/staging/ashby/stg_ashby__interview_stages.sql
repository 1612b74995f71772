{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Stages of each interview plan (interviewStage.list per plan), in orderInInterviewPlan order. Ashby stages belong
-- to plans, not jobs; a job names its plan (stg_ashby__jobs.interview_plan_id).
with source as (

    {{ union_connections('ashby', 'interview_stages', [
        ['id', 'string'],
        ['interview_plan_id', 'string'],
        ['title', 'string'],
        ['type', 'string'],
        ['order_in_interview_plan', 'integer'],
        ['interview_stage_group_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interview_stage_id,
        interview_plan_id,
        interview_stage_group_id,
        title as stage_name,
        type as stage_type,
        order_in_interview_plan as stage_order
    from source

)

select * from renamed
