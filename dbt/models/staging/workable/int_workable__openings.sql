{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Openings (headcount slots) are not exposed by Workable's API (requisitions are a separate, unloaded endpoint with undocumented fields).
-- Zero typed rows, so the shared models union every vendor alike.
with final as (

    select
        {%- for name, logical_type in conformed_columns('openings') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}

)

select {{ conform('openings') }} from final where 1 = 0
