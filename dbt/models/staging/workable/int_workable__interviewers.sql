{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Interview participants are not exposed (they live on /events, not loaded).
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('interviewers') }}
