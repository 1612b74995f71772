{{ config(materialized='view') }}

-- offers of every vendor with connections (int_<vendor>__offers) unioned; columns per macros/conformed.sql.
{{ union_vendors('offers') }}
