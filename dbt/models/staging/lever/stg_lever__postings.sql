{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever postings (jobs). Departments exist only as the strings categories.team / categories.department.
with source as (

    {{ union_connections('lever', 'postings', [
        ['id', 'string'],
        ['text', 'string'],
        ['state', 'string'],
        ['confidentiality', 'string'],
        ['owner', 'string'],
        ['hiring_manager', 'string'],
        ['categories__team', 'string'],
        ['categories__department', 'string'],
        ['categories__location', 'string'],
        ['created_at', 'epoch_ms'],
        ['updated_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as posting_id,
        _dlt_id as dlt_row_id,
        owner as owner_user_id,
        hiring_manager as hiring_manager_user_id,
        text as posting_title,
        state as posting_state,
        categories__team as team_name,
        categories__department as department_name,
        categories__location as location_name,
        coalesce(confidentiality = 'confidential', false) as is_confidential,
        created_at,
        updated_at
    from source

)

select * from renamed
