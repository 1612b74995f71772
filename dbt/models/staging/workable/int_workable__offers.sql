{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Offers are not exposed: GET /candidates/:id/offer needs a user-bound token with r_offers; the source uses an account token. Hire time comes from hired_at.
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('offers') }}
