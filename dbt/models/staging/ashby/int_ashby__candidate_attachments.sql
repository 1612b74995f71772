{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Candidates' files: the one that is the candidate's resumeFileHandle is the resume, the others "other" (Ashby
-- files have no type). Files belong to candidates, not applications; no upload time is exposed.
with files as (

    select * from {{ ref('stg_ashby__candidate_files') }}

),

candidates as (

    select connection, dlt_row_id, candidate_id, resume_file_id from {{ ref('stg_ashby__candidates') }}

),

final as (

    select
        'ashby' as source_system,
        files.connection,
        {{ ats_key('ashby', 'files.file_id', 'files.connection') }} as attachment_key,
        files.file_id as attachment_id,
        {{ ats_key('ashby', 'candidates.candidate_id', 'files.connection') }} as candidate_key,
        cast(null as {{ dbt.type_string() }}) as application_key,
        files.filename,
        case when files.file_id = candidates.resume_file_id then 'resume' else 'other' end as attachment_type,
        cast(null as {{ dbt.type_timestamp() }}) as created_at
    from files
    inner join candidates
        on files.connection = candidates.connection
        and files.candidate_dlt_row_id = candidates.dlt_row_id

)

select {{ conform('candidate_attachments') }} from final
