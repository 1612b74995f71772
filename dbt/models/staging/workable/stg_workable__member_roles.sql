{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Members' roles (dlt child table members__roles): admin, simple, reviewer.
with source as (

    {{ union_connections('workable', 'members__roles', [
        ['value', 'string'],
        ['_dlt_parent_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as member_dlt_row_id,
        lower(value) as member_role
    from source

)

select * from renamed
