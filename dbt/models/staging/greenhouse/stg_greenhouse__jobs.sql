{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'jobs', [
        ['id', 'bigint'],
        ['name', 'string'],
        ['status', 'string'],
        ['confidential', 'boolean'],
        ['is_template', 'boolean'],
        ['department_id', 'bigint'],
        ['requisition_id', 'string'],
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
        requisition_id,
        name as job_title,
        status as job_status,
        coalesce(confidential, false) as is_confidential,
        coalesce(is_template, false) as is_template,
        opened_at,
        closed_at,
        created_at,
        updated_at
    from source

)

select * from renamed
