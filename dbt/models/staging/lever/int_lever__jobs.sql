{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever postings as jobs: published / internal postings are open, closed and rejected ones closed, drafts and
-- pending ones draft. The department is the posting's team (see int_lever__departments); open/close times come
-- from the requisition with the posting's first requisition code (time-to-fill window).
with postings as (

    select * from {{ ref('stg_lever__postings') }}

),

codes as (

    select connection, posting_dlt_row_id, requisition_code
    from {{ ref('stg_lever__posting_requisition_codes') }}
    where position = 0

),

requisitions as (

    select * from {{ ref('stg_lever__requisitions') }}

),

final as (

    select
        'lever' as source_system,
        postings.connection,
        {{ ats_key('lever', 'postings.posting_id', 'postings.connection') }} as job_key,
        postings.posting_id as job_id,
        postings.posting_title as job_title,
        case postings.posting_state
            when 'published' then 'open'
            when 'internal' then 'open'
            when 'closed' then 'closed'
            when 'rejected' then 'closed'
            else 'draft'
        end as job_status,
        {{ ats_key('lever', 'coalesce(postings.team_name, postings.department_name)', 'postings.connection') }}
            as department_key,
        codes.requisition_code,
        postings.is_confidential,
        requisitions.time_to_fill_start_at as opened_at,
        requisitions.time_to_fill_end_at as closed_at,
        postings.created_at,
        postings.updated_at
    from postings
    left join codes
        on postings.connection = codes.connection
        and postings.dlt_row_id = codes.posting_dlt_row_id
    left join requisitions
        on postings.connection = requisitions.connection
        and codes.requisition_code = requisitions.requisition_code

)

select {{ conform('jobs') }} from final
