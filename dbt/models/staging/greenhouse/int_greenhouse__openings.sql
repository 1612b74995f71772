{{ config(enabled=ats_vendor_enabled('greenhouse')) }}

-- An opening closed with a hired application is filled; closed without one, cancelled.
with openings as (

    select * from {{ ref('stg_greenhouse__openings') }}

),

final as (

    select
        'greenhouse' as source_system,
        connection,
        {{ ats_key('greenhouse', 'opening_id') }} as opening_key,
        opening_id,
        {{ ats_key('greenhouse', 'job_id') }} as job_key,
        opening_code,
        case when is_open then 'open' else 'closed' end as opening_status,
        case
            when is_open then null
            when hired_application_id is not null then 'filled'
            else 'cancelled'
        end as close_reason,
        {{ ats_key('greenhouse', 'hired_application_id') }} as filled_by_application_key,
        opened_at,
        closed_at,
        target_start_date
    from openings

)

select {{ conform('openings') }} from final
