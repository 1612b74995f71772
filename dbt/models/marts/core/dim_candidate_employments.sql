{# A view: a renamed union of the raw table, cheaper to keep as one than to copy (publishing materializes it). #}
{{ config(materialized='view') }}

{{ union_vendors('candidate_employments') }}
