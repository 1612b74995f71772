{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- Attachment metadata only; the signed download URL is not kept (it expires and grants access to the file).
with source as (

    {{ union_connections('greenhouse', 'attachments', [
        ['id', 'bigint'],
        ['candidate_id', 'bigint'],
        ['application_id', 'bigint'],
        ['filename', 'string'],
        ['type', 'string'],
        ['created_at', 'timestamp'],
        ['updated_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as attachment_id,
        candidate_id,
        application_id,
        filename,
        type as attachment_type,
        created_at,
        updated_at
    from source

)

select * from renamed
