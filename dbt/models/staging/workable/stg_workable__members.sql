{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Account members (recruiters, hiring managers, reviewers), active and deactivated.
with source as (

    {{ union_connections('workable', 'members', [
        ['id', 'string'],
        ['name', 'string'],
        ['headline', 'string'],
        ['email', 'string'],
        ['active', 'boolean'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as member_id,
        _dlt_id as dlt_row_id,
        name as full_name,
        headline,
        email,
        coalesce(active, true) as is_active
    from source

)

select * from renamed
