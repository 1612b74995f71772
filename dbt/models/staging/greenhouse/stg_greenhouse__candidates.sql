{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Contains PII (names); no self-identification data. Emails are in stg_greenhouse__candidate_email_addresses.
with source as (

    {{ union_connections('greenhouse', 'candidates', [
        ['id', 'bigint'],
        ['first_name', 'string'],
        ['last_name', 'string'],
        ['company', 'string'],
        ['title', 'string'],
        ['private', 'boolean'],
        ['can_email', 'boolean'],
        ['last_activity_at', 'timestamp'],
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
        first_name,
        last_name,
        company,
        title,
        coalesce(private, false) as is_private,
        can_email,
        last_activity_at,
        created_at,
        updated_at
    from source

)

select * from renamed
