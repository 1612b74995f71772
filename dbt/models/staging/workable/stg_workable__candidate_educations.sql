{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Education entries of candidate profiles (dlt child table candidates__education_entries). Workable shows a
-- person's entries on each of their candidate records, with the same entry ids.
with source as (

    {{ union_connections('workable', 'candidates__education_entries', [
        ['id', 'string'],
        ['school', 'string'],
        ['degree', 'string'],
        ['field_of_study', 'string'],
        ['start_date', 'date'],
        ['end_date', 'date'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        id as education_id,
        _dlt_parent_id as candidate_dlt_row_id,
        _dlt_list_idx as position,
        school as school_name,
        degree,
        field_of_study as discipline,
        start_date,
        end_date
    from source

)

select * from renamed
