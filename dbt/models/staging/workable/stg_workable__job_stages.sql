{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Each job's own pipeline (GET /jobs/:shortcode/stages), ending in the Hired stage. Stages have no id: the
-- source keys them <shortcode>:<slug>. kind is Workable's stage kind (sourced, applied, shortlisted,
-- phone-screen, assessment, interview, offer, hired).
with source as (

    {{ union_connections('workable', 'job_stages', [
        ['id', 'string'],
        ['job_shortcode', 'string'],
        ['slug', 'string'],
        ['name', 'string'],
        ['kind', 'string'],
        ['position', 'integer'],
    ]) }}

),

renamed as (

    select
        connection,
        id as job_stage_id,
        job_shortcode,
        slug as stage_slug,
        name as stage_name,
        lower(kind) as stage_kind,
        position as stage_position
    from source

)

select * from renamed
