{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Scorecards are not exposed: Workable has no evaluations list (ratings appear only inside activities).
-- Zero typed rows, so the shared models union every vendor alike.
with final as (

    select
        {%- for name, logical_type in conformed_columns('scorecards') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}

)

select {{ conform('scorecards') }} from final where 1 = 0
