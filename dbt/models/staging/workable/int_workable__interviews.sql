{{ config(enabled=ats_vendor_enabled('workable')) }}

-- Interviews are not exposed: Workable lists them as /events, which the source does not load (and the sandbox emulator does not serve).
-- Zero typed rows, so the shared models union every vendor alike.
{{ not_exposed('interviews') }}
