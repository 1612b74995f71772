{# A view: a renamed union of the raw table, cheaper to keep as one than to copy (publishing materializes it). #}
{{ config(materialized='view') }}

-- One row per interviewer invited to an interview (interview x user), with the scorecard they filed.
{{ union_vendors('interviewers') }}
