"""A vendor-neutral, deterministic hiring world in DuckDB that the ATS emulators render.

``World.generate(WorldConfig(...))`` builds it, ``world.advance(days)`` moves its clock, ``world.ground_truth()``
gives the numbers the warehouse must reproduce. Table contract: ``schema.py``.

What the generated data looks like where the schema leaves room (for emulator authors):

- Every timestamp is naive UTC in whole seconds and ≤ ``world_meta['now']``, except ``interviews.starts_at`` /
  ``ends_at`` of ``scheduled`` interviews (future slots), ``offers.start_date`` and
  ``openings.target_start_date``.
- Ids are 1..n per table and follow ``created_at`` (``occurred_at`` for events); a time move appends after them.
- ``applications``: ``job_id`` / ``current_stage_id`` / ``recruiter_id`` / ``coordinator_id`` are null only for
  prospects without a job; ``current_stage_id`` is kept for rejected and hired applications (the stage they
  ended in); ``rejected_at`` + ``rejection_reason_id`` only when ``status = 'rejected'`` (cleared by an
  unreject); ``hired_at`` only when hired; ``referrer_id`` only for referral sources.
- ``application_stages``: the last visit of a rejected/hired application is closed at the rejection/hire time;
  only an active application (with a job) has an open visit (``exited_at`` null).
- ``application_events``: the first event is always ``applied`` at ``applied_at`` (``to_stage_id`` = first
  stage); ``stage_change`` has from/to; ``rejected``/``withdrew``/``hired`` carry ``from_stage_id`` = the stage;
  ``user_id`` is null for candidate actions (``withdrew``, an applicant's ``applied``). A declined or reneged
  offer ends with ``withdrew``. ``unrejected`` follows a ``rejected`` event; the stage visit continues.
- ``scorecards``: drafts have ``submitted_at`` null and ``recommendation = 'no_decision'``. Interviewers who
  declined have no scorecard. ``interviews.organizer_id`` is the job's coordinator (recruiter if none).
- ``offers``: ``sent_at`` null while ``created``; ``resolved_at`` null while ``created``/``sent``; for
  ``reneged`` it is the acceptance time (``updated_at`` is the renege). ``opening_id`` is the filled opening for
  accepted offers, the job's first opening otherwise.
- ``demographics``: a row only for a submitted survey (never for prospects); answers may be ``'declined'``
  per question; ``races`` is ``['declined']`` or 1–2 races.
- ``candidates``: ``phone``, ``company``, ``title`` may be null; all PII columns are null once ``anonymized_at``
  is set. Merged duplicates have ``deleted_at`` + ``merged_into_id`` and their rows moved to the survivor.
- ``openings``: more than the planned 1–3 when a job hired more people (headcount added); ``application_id``
  only when ``close_reason = 'hired'``.
- Jobs are never deleted by the world; hired applications are never deleted.
"""

from ats_pipeline.sandbox.world.config import AdverseImpact, WorldConfig
from ats_pipeline.sandbox.world.ground_truth import GroundTruth
from ats_pipeline.sandbox.world.world import World

__all__ = ["AdverseImpact", "GroundTruth", "World", "WorldConfig"]
