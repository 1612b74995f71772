{#
    Job stages no mapping rule covers: neither a canonical stage nor an outcome. They are kept (canonical_stage
    null) but do not count in funnels, so they are reported here rather than silently dropped. Fix by adding a
    row to seeds/stage_mapping_overrides.csv (per vendor, connection, job or stage) and re-running.
    Severity: var ats_unmapped_stage_severity (warn by default, so the marts still build).
#}
{{ config(severity=var('ats_unmapped_stage_severity', 'warn')) }}

select
    source_system,
    connection,
    job_key,
    job_stage_key,
    stage_name,
    stage_type
from {{ ref('dim_job_stages') }}
where mapping_origin = 'unmapped'
