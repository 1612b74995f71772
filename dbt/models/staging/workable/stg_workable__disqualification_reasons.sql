{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Disqualification (rejection) reasons; candidate_withdrew marks the candidate's own reasons.
with source as (

    {{ union_connections('workable', 'disqualification_reasons', [
        ['id', 'string'],
        ['description', 'string'],
        ['candidate_withdrew', 'boolean'],
        ['position', 'integer'],
    ]) }}

),

renamed as (

    select
        connection,
        id as reason_id,
        description as reason_name,
        coalesce(candidate_withdrew, false) as is_candidate_withdrawal,
        position as reason_position
    from source

)

select * from renamed
