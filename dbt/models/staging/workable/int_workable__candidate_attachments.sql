{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Attachments are not exposed (the profile has only a resume_url, not loaded).
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('candidate_attachments') }}
