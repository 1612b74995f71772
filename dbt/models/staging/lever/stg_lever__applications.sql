{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Lever applications (/opportunities/{id}/applications): at most one per opportunity, naming its posting.
-- type: posting (the candidate applied), referral (a referral was submitted), user (a user added them to the
-- posting: a lead). requisition_for_hire_id is set once the opportunity is hired against a requisition.
with source as (

    {{ union_connections('lever', 'applications', [
        ['id', 'string'],
        ['opportunity_id', 'string'],
        ['posting', 'string'],
        ['type', 'string'],
        ['user', 'string'],
        ['requisition_for_hire__id', 'string'],
        ['archived__archived_at', 'epoch_ms'],
        ['archived__reason', 'string'],
        ['created_at', 'epoch_ms'],
    ]) }}

),

renamed as (

    select
        connection,
        id as lever_application_id,
        opportunity_id,
        posting as posting_id,
        {{ adapter.quote('user') }} as added_by_user_id,
        requisition_for_hire__id as requisition_for_hire_id,
        archived__reason as archive_reason_id,
        type as application_type,
        archived__archived_at as archived_at,
        created_at
    from source

)

select * from renamed
