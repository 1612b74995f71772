{{ config(enabled=ats_vendor_enabled('workable')) }}

-- One row per Workable candidate: one person's application to one job (Workable has no application object;
-- the same person applying to two jobs is two candidates). Contains PII (names, email); no self-identification
-- data (Workable's API exposes none). disqualified_at only comes with the profile (candidate_profiles option).
with source as (

    {{ union_connections('workable', 'candidates', [
        ['id', 'string'],
        ['firstname', 'string'],
        ['lastname', 'string'],
        ['headline', 'string'],
        ['email', 'string'],
        ['job__shortcode', 'string'],
        ['stage', 'string'],
        ['stage_kind', 'string'],
        ['disqualified', 'boolean'],
        ['withdrew', 'boolean'],
        ['disqualification_reason', 'string'],
        ['sourced', 'boolean'],
        ['domain', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
        ['hired_at', 'timestamp'],
        ['disqualified_at', 'timestamp'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as candidate_id,
        _dlt_id as dlt_row_id,
        job__shortcode as job_shortcode,
        firstname as first_name,
        lastname as last_name,
        headline,
        email,
        stage as stage_name,
        lower(stage_kind) as stage_kind,
        coalesce(disqualified, false) as is_disqualified,
        coalesce(withdrew, false) as is_withdrawn,
        disqualification_reason as disqualification_reason_name,
        coalesce(sourced, false) as is_sourced,
        domain as source_domain,
        created_at,
        updated_at,
        hired_at,
        disqualified_at
    from source

)

select * from renamed
