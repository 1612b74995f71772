{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Not exposed by Lever's API as structured records (only inside parsed resume data, which the source does not read).
-- Zero typed rows keep the shared models' union whole.
with final as (

    select
    {%- for name, logical_type in conformed_columns('candidate_educations') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}

)

select {{ conform('candidate_educations') }} from final where 1 = 0
