{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Interviewers of an interview event (dlt child table interview_schedules__interview_events__interviewers).
with source as (

    {{ union_connections('ashby', 'interview_schedules__interview_events__interviewers', [
        ['id', 'string'],
        ['is_feedback_required', 'boolean'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as event_dlt_row_id,
        _dlt_list_idx as position,
        id as user_id,
        is_feedback_required
    from source

)

select * from renamed
