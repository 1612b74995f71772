{{ config(enabled=ats_vendor_enabled('ashby')) }}

with source as (

    {{ union_connections('ashby', 'jobs', [
        ['id', 'string'],
        ['title', 'string'],
        ['status', 'string'],
        ['confidential', 'boolean'],
        ['employment_type', 'string'],
        ['department_id', 'string'],
        ['location_id', 'string'],
        ['default_interview_plan_id', 'string'],
        ['custom_requisition_id', 'string'],
        ['opened_at', 'timestamp'],
        ['closed_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as job_id,
        department_id,
        location_id,
        default_interview_plan_id as interview_plan_id,
        custom_requisition_id as requisition_id,
        title as job_title,
        status as job_status,
        employment_type,
        coalesce(confidential, false) as is_confidential,
        opened_at,
        closed_at,
        created_at,
        updated_at
    from source

)

select * from renamed
