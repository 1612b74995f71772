{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Interview participants are not exposed (they live on /events, not loaded).
-- Zero typed rows, so the shared models union every vendor alike.
with final as (

    select
        {%- for name, logical_type in conformed_columns('interviewers') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}

)

select {{ conform('interviewers') }} from final where 1 = 0
