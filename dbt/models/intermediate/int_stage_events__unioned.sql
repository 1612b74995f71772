{{ config(materialized='view') }}

-- stage_events of every vendor with connections (int_<vendor>__stage_events) unioned; columns per macros/conformed.sql.
{{ union_vendors('stage_events') }}
