{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever requisitions: headcount (total, hired) of a role and its time-to-fill window.
with source as (

    {{ union_connections('lever', 'requisitions', [
        ['id', 'string'],
        ['requisition_code', 'string'],
        ['name', 'string'],
        ['status', 'string'],
        ['headcount_total', 'integer'],
        ['headcount_hired', 'integer'],
        ['created_at', 'epoch_ms'],
        ['time_to_fill_start_at', 'epoch_ms'],
        ['time_to_fill_end_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as requisition_id,
        _dlt_id as dlt_row_id,
        requisition_code,
        name as requisition_name,
        status as requisition_status,
        headcount_total,
        headcount_hired,
        created_at,
        time_to_fill_start_at,
        time_to_fill_end_at
    from source

)

select * from renamed
