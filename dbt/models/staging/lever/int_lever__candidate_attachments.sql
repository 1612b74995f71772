{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Not loaded: Lever serves resumes and files per opportunity (/opportunities/{id}/resumes, /files), which the source does not read.
-- Zero typed rows keep the shared models' union whole.
with final as (

    select
    {%- for name, logical_type in conformed_columns('candidate_attachments') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}

)

select {{ conform('candidate_attachments') }} from final where 1 = 0
