{{ config(materialized='view') }}

-- applications of every vendor with connections (int_<vendor>__applications) unioned; columns per macros/conformed.sql.
{{ union_vendors('applications') }}
