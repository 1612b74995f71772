{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

with attachments as (

    select * from {{ ref('stg_greenhouse__attachments') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'attachment_id') }} as attachment_key,
        attachment_id,
        {{ ats_key('greenhouse', 'candidate_id') }} as candidate_key,
        {{ ats_key('greenhouse', 'application_id') }} as application_key,
        filename,
        attachment_type,
        created_at
    from attachments

)

select {{ conform('candidate_attachments') }} from final
