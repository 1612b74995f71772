{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Openings (headcount slots) are not exposed by Workable's API (requisitions are a separate, unloaded endpoint with undocumented fields).
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('openings') }}
