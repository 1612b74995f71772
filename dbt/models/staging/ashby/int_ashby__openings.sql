{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Openings are not loaded for Ashby: the source does not call opening.list nor expand jobs' openings (the sandbox
-- emulator renders neither), so this model has zero typed rows. Offers still carry their opening id.
with final as (

    select
        'ashby' as source_system,
        cast(null as {{ dbt.type_string() }}) as connection,
        cast(null as {{ dbt.type_string() }}) as opening_key,
        cast(null as {{ dbt.type_string() }}) as opening_id,
        cast(null as {{ dbt.type_string() }}) as job_key,
        cast(null as {{ dbt.type_string() }}) as opening_code,
        cast(null as {{ dbt.type_string() }}) as opening_status,
        cast(null as {{ dbt.type_string() }}) as close_reason,
        cast(null as {{ dbt.type_string() }}) as filled_by_application_key,
        cast(null as {{ dbt.type_timestamp() }}) as opened_at,
        cast(null as {{ dbt.type_timestamp() }}) as closed_at,
        cast(null as date) as target_start_date

)

select {{ conform('openings') }} from final
where 1 = 0
