{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- The hiring team embedded in each application (dlt child table applications__hiring_team): one row per member
-- and role (Recruiter, Coordinator, Hiring Manager, ...).
with source as (

    {{ union_connections('ashby', 'applications__hiring_team', [
        ['user_id', 'string'],
        ['role', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as application_dlt_row_id,
        _dlt_list_idx as position,
        user_id,
        role as hiring_team_role
    from source

)

select * from renamed
