{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Not exposed by Ashby's API: a candidate has only its current position and company (int_ashby__candidates.title
-- and .company), no employment history. Zero typed rows.
{{ not_exposed('candidate_employments') }}
