{{ config(materialized='view') }}

-- job_stages of every vendor with connections (int_<vendor>__job_stages) unioned; columns per macros/conformed.sql.
{{ union_vendors('job_stages') }}
