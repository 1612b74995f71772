{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Interviewers of each interview (dlt child table interviews__interviewers): the user id is the row's id.
with source as (

    {{ union_connections('lever', 'interviews__interviewers', [
        ['id', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as interview_dlt_row_id,
        _dlt_list_idx as position,
        id as user_id
    from source

)

select * from renamed
