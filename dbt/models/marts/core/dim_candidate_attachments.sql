{# A view: a renamed union of the raw table, cheaper to keep as one than to copy (publishing materializes it). #}
{{ config(materialized='view') }}

-- Attachment metadata (file name and type); never the file or its download URL.
{{ union_vendors('candidate_attachments') }}
