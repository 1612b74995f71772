{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with source as (

    {{ union_connections('greenhouse', 'candidate_employments', [
        ['id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['company_name', 'string'],
        ['title', 'string'],
        ['start_date', 'date'],
        ['end_date', 'date'],
        ['latest', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as employment_id,
        candidate_id,
        company_name,
        title,
        start_date,
        end_date,
        coalesce(latest, false) as is_latest,
        created_at,
        updated_at
    from source

)

select * from renamed
