{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Feedback forms (scorecards) of opportunities; completed_at is null for a draft. The rating is a field
-- (stg_lever__feedback_fields).
with source as (

    {{ union_connections('lever', 'feedback', [
        ['id', 'string'],
        ['opportunity_id', 'string'],
        ['interview', 'string'],
        ['panel', 'string'],
        ['user', 'string'],
        ['type', 'string'],
        ['created_at', 'epoch_ms'],
        ['completed_at', 'epoch_ms'],
        ['updated_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as feedback_id,
        _dlt_id as dlt_row_id,
        opportunity_id,
        interview as interview_id,
        panel as panel_id,
        {{ adapter.quote('user') }} as interviewer_user_id,
        type as feedback_type,
        created_at,
        completed_at,
        updated_at
    from source

)

select * from renamed
