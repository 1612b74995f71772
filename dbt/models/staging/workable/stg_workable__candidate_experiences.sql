{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Experience (employment) entries of candidate profiles (dlt child table candidates__experience_entries).
with source as (

    {{ union_connections('workable', 'candidates__experience_entries', [
        ['id', 'string'],
        ['company', 'string'],
        ['title', 'string'],
        ['start_date', 'date'],
        ['end_date', 'date'],
        ['current', 'boolean'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        id as experience_id,
        _dlt_parent_id as candidate_dlt_row_id,
        _dlt_list_idx as position,
        company as company_name,
        title,
        start_date,
        end_date,
        coalesce(current, false) as is_current
    from source

)

select * from renamed
