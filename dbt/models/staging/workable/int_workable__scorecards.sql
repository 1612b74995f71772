{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Scorecards are not exposed: Workable has no evaluations list (ratings appear only inside activities).
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('scorecards') }}
