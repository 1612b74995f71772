{{ config(enabled=ats_vendor_enabled('ashby')) }}

-- Openings are not loaded for Ashby: the source does not call opening.list nor expand jobs' openings (the sandbox
-- emulator renders neither), so this model has zero typed rows. Offers still carry their opening id.
{{ not_exposed('openings') }}
