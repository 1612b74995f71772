{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Candidates' files (dlt child table candidates__file_handles): metadata only, the handle is not kept (it grants
-- access to the file).
with source as (

    {{ union_connections('ashby', 'candidates__file_handles', [
        ['id', 'string'],
        ['name', 'string'],
        ['_dlt_parent_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as file_id,
        _dlt_parent_id as candidate_dlt_row_id,
        name as filename
    from source

)

select * from renamed
