{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Scheduled interviews of opportunities (/opportunities/{id}/interviews); interviews at one stage form a panel.
-- Lever has no interview status: canceled_at marks a cancelled one. duration is in minutes.
with source as (

    {{ union_connections('lever', 'interviews', [
        ['id', 'string'],
        ['opportunity_id', 'string'],
        ['panel', 'string'],
        ['subject', 'string'],
        ['stage', 'string'],
        ['user', 'string'],
        ['location', 'string'],
        ['timezone', 'string'],
        ['date', 'epoch_ms'],
        ['duration', 'integer'],
        ['canceled_at', 'epoch_ms'],
        ['created_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as interview_id,
        _dlt_id as dlt_row_id,
        opportunity_id,
        panel as panel_id,
        stage as stage_id,
        {{ adapter.quote('user') }} as organizer_user_id,
        subject as interview_name,
        location,
        timezone,
        duration as duration_minutes,
        {{ adapter.quote('date') }} as starts_at,
        canceled_at,
        created_at
    from source

)

select * from renamed
