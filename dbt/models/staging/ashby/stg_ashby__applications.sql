{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- One row per Ashby application (application.list), leads included. Ashby ids are UUID strings; the embedded
-- candidate, job, source, archive reason, credited user and current stage are flattened by dlt (`a__b` columns).
with source as (

    {{ union_connections('ashby', 'applications', [
        ['id', 'string'],
        ['status', 'string'],
        ['candidate__id', 'string'],
        ['job__id', 'string'],
        ['source__id', 'string'],
        ['current_interview_stage__id', 'string'],
        ['credited_to_user__id', 'string'],
        ['archive_reason__id', 'string'],
        ['archive_reason__text', 'string'],
        ['archive_reason__reason_type', 'string'],
        ['archived_at', 'timestamp'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,

        -- ids
        id as application_id,
        _dlt_id as dlt_row_id,
        candidate__id as candidate_id,
        job__id as job_id,
        source__id as source_id,
        current_interview_stage__id as current_stage_id,
        credited_to_user__id as credited_to_user_id,
        archive_reason__id as archive_reason_id,

        -- strings
        status as application_status,
        archive_reason__text as archive_reason_text,
        archive_reason__reason_type as archive_reason_type,

        -- booleans: Ashby marks prospects only by the status Lead (an archived or hired lead is no longer one)
        coalesce(status = 'Lead', false) as is_lead,

        -- timestamps (UTC)
        created_at,
        archived_at,
        updated_at

    from source

)

select * from renamed
