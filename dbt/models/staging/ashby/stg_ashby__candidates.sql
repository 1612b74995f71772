{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Contains PII (name, primary email); Ashby's API has no self-identification data. Ashby gives one `name`, no
-- first/last split.
with source as (

    {{ union_connections('ashby', 'candidates', [
        ['id', 'string'],
        ['name', 'string'],
        ['primary_email_address__value', 'string'],
        ['position', 'string'],
        ['company', 'string'],
        ['school', 'string'],
        ['resume_file_handle__id', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as candidate_id,
        _dlt_id as dlt_row_id,
        resume_file_handle__id as resume_file_id,
        name as full_name,
        primary_email_address__value as primary_email,
        position as title,
        company,
        school as school_name,
        created_at,
        updated_at
    from source

)

select * from renamed
