{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Attachments are not exposed (the profile has only a resume_url, not loaded).
-- Zero typed rows, so the shared models union every vendor alike.
with final as (

    select
        {%- for name, logical_type in conformed_columns('candidate_attachments') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}

)

select {{ conform('candidate_attachments') }} from final where 1 = 0
