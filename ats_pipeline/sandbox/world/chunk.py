"""A batch of new applications arriving in a time window, with everything that follows from them up to ``now``.

Used for every generation chunk and for the arrivals of a time move. Output tables carry provisional 0-based ids
(except applications, whose ids are final); the store renumbers them in creation order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ats_pipeline.sandbox.world import activity, people, pipeline
from ats_pipeline.sandbox.world.columns import DAY, HOUR, NA, ids, join, pick, ts
from ats_pipeline.sandbox.world.config import GENDERS
from ats_pipeline.sandbox.world.context import Context
from ats_pipeline.sandbox.world.rng import choice

REPEAT = 0.10  # share of applications by a candidate who already exists
PROSPECT = 0.05
PROSPECT_WITH_JOB = 0.6
COVER_LETTER = 0.3
VETERAN_LABELS = ("not_veteran", "protected_veteran", "declined")
DISABILITY_LABELS = ("no", "yes", "declined")


@dataclass
class Batch:
    tables: dict[str, pa.Table]
    new_candidates: np.ndarray  # ids created by this batch (ascending)
    new_created: np.ndarray  # their creation times
    cand: np.ndarray  # candidate per application (to bump updated_at of repeat candidates)
    applied: np.ndarray  # applied_at per application


def arrival_times(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    """n times in (lo, hi], sorted; most during the (UTC) working day."""
    t = lo + 1 + (rng.random(n) * (hi - lo)).astype(np.int64)
    hour = np.clip(rng.normal(14.5, 3.5, n), 0, 23.99) * HOUR
    shaped = t - t % DAY + hour.astype(np.int64)
    use = (rng.random(n) < 0.75) & (shaped > lo) & (shaped <= hi)
    return np.sort(np.where(use, shaped, t))


def _choose_jobs(ctx: Context, rng: np.random.Generator, at: np.ndarray) -> np.ndarray:
    """A job open for the whole (UTC) day of each arrival, weighted by popularity; NA when none is."""
    jobs = ctx.jobs
    out = np.full(len(at), NA)
    day = at - at % DAY
    u = rng.random(len(at))
    live = jobs.opened != NA
    for d in np.unique(day):
        pool = np.flatnonzero(live & (jobs.opened <= d) & (jobs.closes >= d + DAY))
        if not len(pool):
            continue
        sel = np.flatnonzero(day == d)
        cum = np.cumsum(jobs.weight[pool])
        out[sel] = pool[np.minimum(np.searchsorted(cum, u[sel] * cum[-1], side="right"), len(pool) - 1)]
    return out


def _candidates(rng: np.random.Generator, n: int, cand_id0: int, existing: np.ndarray | None
                ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    repeat = rng.random(n) < REPEAT
    u = rng.random(n)
    if existing is None:
        # Generation: a repeat applicant is any candidate created before this application.
        new = ~repeat
        if cand_id0 == 1 and n:
            new[0] = True
        before = cand_id0 - 1 + np.cumsum(new) - new
        picked = 1 + (u * before).astype(np.int64)
    elif len(existing):
        # Time moves: any candidate still on file.
        new = ~repeat
        picked = existing[np.minimum((u * len(existing)).astype(np.int64), len(existing) - 1)]
    else:
        new, picked = np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64)
    new_id = cand_id0 + np.cumsum(new) - 1
    return np.where(new, new_id, picked), new


def build(ctx: Context, rng: np.random.Generator, *, n: int, lo: int, hi: int, now: int, app_id0: int, cand_id0: int,
          existing: np.ndarray | None = None) -> Batch:  # fmt: skip
    """Applications arriving in (lo, hi], simulated up to ``now``."""
    jobs = ctx.jobs
    seed = ctx.seed
    at = arrival_times(rng, n, lo, hi)
    app = app_id0 + np.arange(n)
    prospect = rng.random(n) < PROSPECT
    wants_job = ~prospect | (rng.random(n) < PROSPECT_WITH_JOB)
    job = np.where(wants_job, _choose_jobs(ctx, rng, at), NA)
    prospect |= job == NA  # nowhere to apply that day: keep them as an unattached prospect
    cand, new = _candidates(rng, n, cand_id0, existing)

    person = people.person_of(seed, cand)
    traits = people.traits(seed, person)
    submitted = ~prospect & (rng.random(n) < people.SUBMITTED)
    impact = ctx.adverse_impact
    dim = impact.dimension if impact else "gender"
    reported = submitted & ~traits.declined(dim)
    member = traits.member(impact)

    src = np.where(prospect, choice(rng, n, ctx.prospect_source_weights), choice(rng, n, ctx.source_weights))
    referral = ctx.referral_sources[src]
    referrer = np.where(referral, ctx.referrers[rng.integers(0, len(ctx.referrers), n)], NA)
    has_job = job != NA
    safe_job = np.where(has_job, job, 0)
    horizon = np.minimum(np.where(has_job, jobs.closes[safe_job], now), now)

    # The hiring process for real applicants.
    real = np.flatnonzero(~prospect)
    cohort = pipeline.Cohort(
        app=app[real], job=job[real], stage=np.zeros(len(real), dtype=np.int64), visit_start=at[real],
        clock=at[real], horizon=horizon[real], member=member[real], reported=reported[real],
        first_exit=np.full(len(real), NA), visit_id=np.full(len(real), NA),
    )  # fmt: skip
    sim = pipeline.run(ctx, rng, cohort, now)

    status = np.zeros(n, dtype=np.int64)
    stage = np.zeros(n, dtype=np.int64)
    rejected_at, reason, hired_at = np.full(n, NA), np.full(n, NA), np.full(n, NA)
    last = at.copy()
    status[real], stage[real] = sim.status, sim.stage
    rejected_at[real], reason[real], hired_at[real] = sim.rejected_at, sim.reason, sim.hired_at
    last[real] = np.maximum(at[real], sim.last_event)

    # Prospects on a job sit in its first stage; some lose interest.
    pj = np.flatnonzero(prospect & has_job)
    gone_at = at[pj] + np.exp(np.log(10 * DAY) + rng.standard_normal(len(pj))).astype(np.int64)
    gone = (rng.random(len(pj)) < 0.2) & (gone_at <= horizon[pj])
    pg = pj[gone]
    gone_reason = ctx.reason_ids(("Not interested", "No response"))[rng.integers(0, 2, len(pg))]
    status[pg], rejected_at[pg], reason[pg], last[pg] = (
        pipeline.REJECTED_STATUS,
        gone_at[gone],
        gone_reason,
        gone_at[gone],
    )

    first_stage = np.where(has_job, jobs.stage[safe_job, 0], NA)
    recruiter = np.where(has_job, jobs.recruiter[safe_job], NA)
    visits = {
        "app": np.r_[sim.visits["app"], app[pj]],
        "stage_id": np.r_[jobs.stage[sim.visits["job"], sim.visits["stage"]], first_stage[pj]],
        "entered": np.r_[sim.visits["entered"], at[pj]],
        "exited": np.r_[sim.visits["exited"], np.where(gone, gone_at, NA)],
    }
    ev = sim.events
    events = {
        "app": np.r_[app, ev["app"], app[pg]],
        "kind": np.r_[np.full(n, pipeline.EV_APPLIED), ev["kind"], np.full(len(pg), pipeline.EV_WITHDREW)],
        "from_stage": np.r_[np.full(n, NA), ev["from_stage"], first_stage[pg]],
        "to_stage": np.r_[first_stage, ev["to_stage"], np.full(len(pg), NA)],
        "reason": np.r_[np.full(n, NA), ev["reason"], gone_reason],
        "user": np.r_[np.where(prospect, recruiter, NA), ev["user"], np.full(len(pg), NA)],
        "at": np.r_[at, ev["at"], gone_at[gone]],
    }
    order = np.lexsort((events["at"], events["app"]))  # stable: 'applied' first on ties
    events = {k: v[order] for k, v in events.items()}

    visit_cand = cand[sim.visits["app"] - app_id0]
    act = activity.build(ctx, rng, sim.visits, visit_cand, now)
    np.maximum.at(last, act.app - app_id0, act.at)

    # The self-ID survey is part of the application: submitting it touches the record (not its activity).
    surveyed = np.minimum(at + rng.integers(60, 20 * 60, n), now)
    updated = np.where(submitted, np.maximum(last, surveyed), last)
    applications = pa.table(
        {
            "id": ids(app),
            "candidate_id": ids(cand),
            "job_id": ids(job),
            "is_prospect": pa.array(prospect),
            "source_id": ids(ctx.source_ids[src]),
            "referrer_id": ids(referrer),
            "recruiter_id": ids(recruiter),
            "coordinator_id": ids(np.where(has_job, jobs.coordinator[safe_job], NA)),
            "status": pick(pipeline.STATUSES, status),
            "current_stage_id": ids(np.where(has_job, jobs.stage[safe_job, stage], NA)),
            "applied_at": ts(at),
            "rejected_at": ts(rejected_at),
            "rejection_reason_id": ids(reason),
            "hired_at": ts(hired_at),
            "last_activity_at": ts(last),
            "created_at": ts(at),
            "updated_at": ts(updated),
            "deleted_at": ts(np.full(n, NA)),
        }
    )
    nv = len(visits["app"])
    stages = pa.table(
        {
            "id": ids(np.arange(nv)),
            "application_id": ids(visits["app"]),
            "job_stage_id": ids(visits["stage_id"]),
            "entered_at": ts(visits["entered"]),
            "exited_at": ts(visits["exited"]),
            "created_at": ts(visits["entered"]),
            "updated_at": ts(np.where(visits["exited"] == NA, visits["entered"], visits["exited"])),
            "deleted_at": ts(np.full(nv, NA)),
        }
    )
    ne = len(events["app"])
    event_table = pa.table(
        {
            "id": ids(np.arange(ne)),
            "application_id": ids(events["app"]),
            "kind": pick(pipeline.EVENT_KINDS, events["kind"]),
            "from_stage_id": ids(events["from_stage"]),
            "to_stage_id": ids(events["to_stage"]),
            "rejection_reason_id": ids(events["reason"]),
            "user_id": ids(events["user"]),
            "occurred_at": ts(events["at"]),
            "deleted_at": ts(np.full(ne, NA)),
        }
    )
    tables = {
        "applications": applications,
        "application_stages": stages,
        "application_events": event_table,
        "interviews": act.interviews,
        "interview_interviewers": act.interviewers,
        "scorecards": act.scorecards,
        "offers": act.offers,
        "attachments": _attachments(ctx, rng, app, cand, person, prospect, at),
        "demographics": _demographics(app, cand, traits, submitted, surveyed),
    }
    return Batch(tables=tables, new_candidates=cand[new], new_created=at[new], cand=cand, applied=at)


def _attachments(ctx: Context, rng: np.random.Generator, app: np.ndarray, cand: np.ndarray, person: np.ndarray,
                 prospect: np.ndarray, at: np.ndarray) -> pa.Table:  # fmt: skip
    n = len(app)
    resume = ~prospect | (rng.random(n) < 0.6)
    cover = ~prospect & (rng.random(n) < COVER_LETTER)
    row = np.r_[np.flatnonzero(resume), np.flatnonzero(cover)]
    kind = np.r_[np.zeros(resume.sum(), dtype=np.int64), np.ones(cover.sum(), dtype=np.int64)]
    order = np.lexsort((kind, row))
    row, kind = row[order], kind[order]
    first, last = people.first_last(ctx.seed, person[row])
    ext = pick((".pdf", ".docx", ".pdf"), rng.integers(0, 3, len(row)))
    label = pick(("_Resume", "_Cover_Letter"), kind)
    filename = join(pc.replace_substring(join(first, "_", last), "'", ""), label, ext)
    m = len(row)
    return pa.table(
        {
            "id": ids(np.arange(m)),
            "candidate_id": ids(cand[row]),
            "application_id": ids(app[row]),
            "filename": filename,
            "type": pick(("resume", "cover_letter"), kind),
            "created_at": ts(at[row]),
            "updated_at": ts(at[row]),
            "deleted_at": ts(np.full(m, NA)),
        }
    )


def _demographics(app: np.ndarray, cand: np.ndarray, traits: people.Traits, submitted: np.ndarray,
                  surveyed: np.ndarray) -> pa.Table:  # fmt: skip
    """One row per submitted survey; answers are the person's, 'declined' where they decline that question."""
    row = np.flatnonzero(submitted)
    m = len(row)
    dec = {k: v[row] for k, v in traits.declines.items()}
    when = surveyed[row]
    gender = pick((*GENDERS, "declined"), np.where(dec["gender"], len(GENDERS), traits.gender[row]))
    return pa.table(
        {
            "application_id": ids(app[row]),
            "candidate_id": ids(cand[row]),
            "gender": gender,
            "races": people.race_lists(traits.races[row], dec["race"]),
            "veteran_status": pick(VETERAN_LABELS, np.where(dec["veteran"], 2, traits.veteran[row].astype(np.int64))),
            "disability_status": pick(
                DISABILITY_LABELS, np.where(dec["disability"], 2, traits.disability[row].astype(np.int64))
            ),
            "submitted_at": ts(when),
            "created_at": ts(when),
            "updated_at": ts(when),
            "deleted_at": ts(np.full(m, NA)),
        }
    )
