{{ config(enabled=ats_vendor_enabled('lever')) }}

-- Not loaded: Lever serves resumes and files per opportunity (/opportunities/{id}/resumes, /files), which the source does not read.
-- Zero typed rows keep the shared models' union whole.
{{ not_exposed('candidate_attachments') }}
