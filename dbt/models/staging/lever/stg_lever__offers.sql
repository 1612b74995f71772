{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Offers of opportunities, every version (Lever keeps a revised offer's earlier versions as they were).
-- status: draft, approval-sent, approved, sent, sent-manually, opened, denied, signed.
with source as (

    {{ union_connections('lever', 'offers', [
        ['id', 'string'],
        ['opportunity_id', 'string'],
        ['posting', 'string'],
        ['status', 'string'],
        ['creator', 'string'],
        ['created_at', 'epoch_ms'],
        ['approved_at', 'epoch_ms'],
        ['sent_at', 'epoch_ms'],
        ['signatures__candidate__signed_at', 'epoch_ms'],
        ['_dlt_id', 'string'],
    ]) }}

),

renamed as (

    select
        connection,
        id as offer_id,
        _dlt_id as dlt_row_id,
        opportunity_id,
        posting as posting_id,
        creator as creator_user_id,
        lower(status) as offer_status,
        created_at,
        approved_at,
        sent_at,
        signatures__candidate__signed_at as signed_at
    from source

)

select * from renamed
