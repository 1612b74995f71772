with source as (

    select {{ typed_columns(source('raw_greenhouse', 'candidates'), [
        ['id', 'bigint'],
        ['first_name', 'string'],
        ['last_name', 'string'],
        ['company', 'string'],
        ['title', 'string'],
        ['time_zone', 'string'],
        ['can_email', 'boolean'],
        ['last_activity_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}
    from {{ source('raw_greenhouse', 'candidates') }}

),

renamed as (

    select
        id as candidate_id,
        first_name,
        last_name,
        company,
        title,
        time_zone,
        can_email,
        last_activity_at,
        created_at,
        updated_at
    from source

)

select * from renamed
