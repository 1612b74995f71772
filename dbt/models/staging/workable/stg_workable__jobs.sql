{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Workable jobs. The shortcode is the job's key in every other endpoint (candidates, activities, stages);
-- state: draft, published, closed (a job used internally / confidentially, still hiring), archived.
with source as (

    {{ union_connections('workable', 'jobs', [
        ['id', 'string'],
        ['shortcode', 'string'],
        ['title', 'string'],
        ['full_title', 'string'],
        ['code', 'string'],
        ['state', 'string'],
        ['department', 'string'],
        ['location__location_str', 'string'],
        ['location__telecommuting', 'boolean'],
        ['created_at', 'timestamp'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        shortcode,
        id as job_number,
        _dlt_id as dlt_row_id,
        title as job_title,
        full_title,
        code as requisition_code,
        lower(state) as job_state,
        department as department_name,
        location__location_str as location,
        coalesce(location__telecommuting, false) as is_remote,
        created_at
    from source

)

select * from renamed
