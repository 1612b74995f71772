{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Each job's interview plan (job_interview_stages), ordered by stage_order.
with source as (

    {{ union_connections('greenhouse', 'job_interview_stages', [
        ['id', 'bigint'],
        ['job_id', 'bigint'],
        ['name', 'string'],
        ['sort_order', 'integer'],
        ['active', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as job_stage_id,
        job_id,
        name as stage_name,
        sort_order as stage_order,
        coalesce(active, true) as is_active,
        created_at,
        updated_at
    from source

)

select * from renamed
