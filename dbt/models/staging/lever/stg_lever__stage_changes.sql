{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever's native stage history: every stage entry of an opportunity (dlt child table
-- opportunities__stage_changes of opportunity.stageChanges), in API order. Entries only: a visit ends when the
-- next one starts (or the opportunity is archived). to_stage_index is the stage's position in the posting's plan.
with source as (

    {{ union_connections('lever', 'opportunities__stage_changes', [
        ['to_stage_id', 'string'],
        ['to_stage_index', 'integer'],
        ['updated_at', 'epoch_ms'],
        ['user_id', 'string'],
        ['_dlt_parent_id', 'string'],
        ['_dlt_list_idx', 'bigint'],
    ]) }}

),

renamed as (

    select
        connection,
        _dlt_parent_id as opportunity_dlt_row_id,
        _dlt_list_idx as position,
        to_stage_id as stage_id,
        to_stage_index as stage_index,
        user_id as moved_by_user_id,
        updated_at as entered_at
    from source

)

select * from renamed
