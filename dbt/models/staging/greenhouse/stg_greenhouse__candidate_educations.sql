{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Harvest v3 keeps school, degree and discipline as custom field option ids (names via /v3/custom_field_options).
with source as (

    {{ union_connections('greenhouse', 'candidate_educations', [
        ['id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['school_name_custom_field_option_id', 'bigint'],
        ['degree_custom_field_option_id', 'bigint'],
        ['discipline_custom_field_option_id', 'bigint'],
        ['start_at', 'timestamp'],
        ['end_at', 'timestamp'],
        ['latest', 'boolean'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as education_id,
        candidate_id,
        school_name_custom_field_option_id as school_option_id,
        degree_custom_field_option_id as degree_option_id,
        discipline_custom_field_option_id as discipline_option_id,
        cast(start_at as date) as start_date,
        cast(end_at as date) as end_date,
        coalesce(latest, false) as is_latest,
        created_at,
        updated_at
    from source

)

select * from renamed
