{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Not exposed by Lever's API as structured records (only inside parsed resume data, which the source does not read).
-- Zero typed rows keep the shared models' union whole.
{{ not_exposed('candidate_educations') }}
