{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Each job's department hierarchy (dlt child table jobs__department_hierarchy), root first: the last entry is
-- the job's own department, each entry's parent the one before it. Workable has no departments list.
with source as (

    {{ union_connections('workable', 'jobs__department_hierarchy', [
        ['id', 'bigint'],
        ['name', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as job_dlt_row_id,
        _dlt_list_idx as depth,
        id as department_id,
        name as department_name
    from source

)

select * from renamed
