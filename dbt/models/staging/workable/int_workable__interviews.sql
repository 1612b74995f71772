{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Interviews are not exposed: Workable lists them as /events, which the source does not load (and the sandbox emulator does not serve).
-- Zero typed rows, so the shared models union every vendor alike.
with final as (

    select
        {%- for name, logical_type in conformed_columns('interviews') %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}

)

select {{ conform('interviews') }} from final where 1 = 0
