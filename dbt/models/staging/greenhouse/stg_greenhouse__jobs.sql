with source as (

    select {{ typed_columns(source('raw_greenhouse', 'jobs'), [
        ['id', 'bigint'],
        ['name', 'string'],
        ['status', 'string'],
        ['confidential', 'boolean'],
        ['department_id', 'bigint'],
        ['requisition_id', 'string'],
        ['opened_at', 'timestamp'],
        ['closed_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}
    from {{ source('raw_greenhouse', 'jobs') }}

),

renamed as (

    select
        id as job_id,
        department_id,
        requisition_id,
        name as job_title,
        status as job_status,
        coalesce(confidential, false) as is_confidential,
        opened_at,
        closed_at,
        created_at,
        updated_at
    from source

)

select * from renamed
