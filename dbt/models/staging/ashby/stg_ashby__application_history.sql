{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Stage history (application.listHistory, fetched per application): one row per stage entry, with the time it was
-- entered and left (null while the application is still there). Re-entries give several rows.
with source as (

    {{ union_connections('ashby', 'application_history', [
        ['id', 'string'],
        ['application_id', 'string'],
        ['stage_id', 'string'],
        ['title', 'string'],
        ['stage_number', 'integer'],
        ['actor_id', 'string'],
        ['entered_stage_at', 'timestamp'],
        ['left_stage_at', 'timestamp'],
    ]) }}

),

renamed as (

    select
        connection,
        id as history_id,
        application_id,
        stage_id,
        actor_id as actor_user_id,
        title as stage_title,
        stage_number,
        entered_stage_at as entered_at,
        left_stage_at as exited_at
    from source

)

select * from renamed
