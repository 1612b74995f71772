{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Archive reasons (= rejection reasons) with their reasonType (RejectedByOrg, RejectedByCandidate, Other).
with source as (

    {{ union_connections('ashby', 'archive_reasons', [
        ['id', 'string'],
        ['text', 'string'],
        ['reason_type', 'string'],
        ['is_archived', 'boolean'],
    ]) }}

),

renamed as (

    select
        connection,
        id as archive_reason_id,
        text as archive_reason_text,
        reason_type as archive_reason_type,
        coalesce(is_archived, false) as is_archived
    from source

)

select * from renamed
