"""What happens inside stage visits: interviews (with interviewers and scorecards) and offers.

Input is the visit list from ``pipeline.run``; output tables carry 0-based provisional ids (interviewers and
scorecards point at the provisional interview id) that the store renumbers in creation order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import DAY, HOUR, NA, date, ids, pick, ts
from ats_pipeline.sandbox.world.context import Context
from ats_pipeline.sandbox.world.jobs import currencies
from ats_pipeline.sandbox.world.pipeline import (
    BACKWARD,
    CLOSED,
    FINAL,
    HIRED,
    INTERVIEW,
    OFFER,
    OPEN,
    PASSED,
    REJECTED,
    RENEGED,
    SCREEN,
    WITHDREW,
)
from ats_pipeline.sandbox.world.rng import choice

INTERVIEW_STATUSES = ("scheduled", "awaiting_feedback", "complete", "cancelled")
RESPONSES = ("needs_action", "accepted", "declined", "tentative")
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes", "no_decision")
REC_POSITIVE = (0.02, 0.13, 0.55, 0.27, 0.03)
REC_NEGATIVE = (0.25, 0.50, 0.17, 0.03, 0.05)
REC_MIXED = (0.08, 0.27, 0.38, 0.20, 0.07)
OFFER_STATUSES = ("created", "sent", "accepted", "declined", "deprecated", "reneged")
DURATION = {SCREEN: 30 * 60, INTERVIEW: 60 * 60, FINAL: 45 * 60}
ACTIVE_POOL_DAYS = 120  # deactivated users only appear on interviews older than this


@dataclass
class Activity:
    interviews: pa.Table
    interviewers: pa.Table
    scorecards: pa.Table
    offers: pa.Table
    app: np.ndarray  # (app, time) pairs: latest child activity per touched application
    at: np.ndarray


def _frac(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    return lo + (hi - lo) * rng.random(n)


def _stride_pick(rng: np.random.Generator, pool: np.ndarray, rows: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Distinct users for ranks 0..3 of one interview: start + rank × stride (stride < len/3 keeps them distinct)."""
    size = len(pool)
    start = rng.integers(0, size, len(rows))
    stride = rng.integers(1, max(2, size // 4), len(rows))
    return pool[(start[rows] + rank * stride[rows]) % size]


def build(
    ctx: Context, rng: np.random.Generator, visits: dict[str, np.ndarray], cand: np.ndarray, now: int
) -> Activity:
    jobs = ctx.jobs
    kind = jobs.kind[visits["job"], visits["stage"]]
    new = visits["visit_id"] == NA
    iv = _interviews(ctx, rng, visits, kind, new, now)
    offers, offer_app, offer_at = _offers(ctx, rng, visits, cand, kind, new, now)
    return Activity(iv[0], iv[1], iv[2], offers, np.concatenate([iv[3], offer_app]), np.concatenate([iv[4], offer_at]))


def _interviews(ctx: Context, rng: np.random.Generator, visits: dict[str, np.ndarray], kind: np.ndarray,
                new: np.ndarray, now: int) -> tuple[pa.Table, pa.Table, pa.Table, np.ndarray, np.ndarray]:  # fmt: skip
    jobs = ctx.jobs
    v = np.flatnonzero(new & np.isin(kind, (SCREEN, INTERVIEW, FINAL)))
    k = kind[v]
    count = 1 + ((k == INTERVIEW) & (rng.random(len(v)) < 0.25))
    dur = np.select([k == SCREEN, k == INTERVIEW], [DURATION[SCREEN], DURATION[INTERVIEW]], DURATION[FINAL])
    entered, exited = visits["entered"][v], visits["exited"][v]
    closed = exited != NA
    need = count * dur + (count - 1) * 900 + 2 * HOUR
    length = np.where(closed, exited - entered, 0)
    ok = ~closed | (length >= need)  # too short a visit: decided without an interview
    v, k, count, dur, entered, exited, closed, need, length = (
        x[ok] for x in (v, k, count, dur, entered, exited, closed, need, length)
    )
    lead = np.exp(np.log(3 * DAY) + 0.6 * rng.standard_normal(len(v))).astype(np.int64)
    first = np.where(closed, entered + HOUR + (_frac(rng, 0, 1, len(v)) * (length - need)).astype(np.int64),
                     entered + np.maximum(2 * HOUR, lead))  # fmt: skip
    first -= first % 300
    created = entered + (_frac(rng, 0.1, 0.6, len(v)) * (np.minimum(first, now) - entered)).astype(np.int64)

    row = np.repeat(np.arange(len(v)), count)  # interview → index into v
    rank = np.arange(len(row)) - np.repeat(np.r_[0, np.cumsum(count)][:-1], count)
    n = len(row)
    starts = first[row] + rank * (dur[row] + 900)
    ends = starts + dur[row]
    created_i = created[row]
    vk = k[row]
    job = visits["job"][v][row]
    stage = visits["stage"][v][row]
    cancelled = rng.random(n) < 0.03
    cancel_at = created_i + (_frac(rng, 0.2, 0.9, n) * (np.minimum(starts, now) - created_i)).astype(np.int64)
    stage_id = jobs.stage[job, stage]
    pools = {k_: names.INTERVIEW_NAMES[name] for k_, name in ((INTERVIEW, "interview"), (FINAL, "final"))}
    name_idx = rng.integers(0, 1000, n)
    offsets = {INTERVIEW: 0, FINAL: len(pools[INTERVIEW])}
    vocab = pa.array([*pools[INTERVIEW], *pools[FINAL]], type=pa.string())
    interview_name = np.where(
        vk == FINAL, offsets[FINAL] + name_idx % len(pools[FINAL]), name_idx % len(pools[INTERVIEW])
    )
    names_arr = vocab.take(pa.array(np.where(vk == SCREEN, 0, interview_name)))
    screen_names = ctx.stage_names.take(pa.array(stage_id))
    names_arr = pc.if_else(pa.array(vk == SCREEN), screen_names, names_arr)
    location = np.where(
        vk == SCREEN, choice(rng, n, (0.35, 0.15, 0.1, 0.4, 0.0)), choice(rng, n, (0.35, 0.2, 0.1, 0.0, 0.35))
    )
    organizer = np.where(jobs.coordinator[job] != NA, jobs.coordinator[job], jobs.recruiter[job])

    # Interviewers: screens are run by the recruiter (first screen) or the hiring manager (second screen).
    n_people = np.select([vk == SCREEN, vk == INTERVIEW], [1, 1 + choice(rng, n, (0.15, 0.35, 0.3, 0.2))],
                         1 + choice(rng, n, (0.4, 0.4, 0.2)))  # fmt: skip
    p_row = np.repeat(np.arange(n), n_people)
    p_rank = np.arange(len(p_row)) - np.repeat(np.r_[0, np.cumsum(n_people)][:-1], n_people)
    recent = starts >= now - ACTIVE_POOL_DAYS * DAY
    user = np.where(recent[p_row], _stride_pick(rng, ctx.interviewers_active, p_row, p_rank),
                    _stride_pick(rng, ctx.interviewers_all, p_row, p_rank))  # fmt: skip
    is_screen = vk[p_row] == SCREEN
    first_screen = jobs.first_of_kind[job[p_row], stage[p_row]]
    user = np.where(is_screen, np.where(first_screen, jobs.recruiter[job[p_row]], jobs.manager[job[p_row]]), user)
    future = starts[p_row] > now
    m = len(p_row)
    response = np.where(future, np.array([0, 1, 3])[choice(rng, m, (0.35, 0.55, 0.10))],
                        np.array([1, 3, 2])[choice(rng, m, (0.95, 0.02, 0.03))])  # fmt: skip
    response = np.where((p_rank == 0) & (response == 2), 1, response)
    p_created = created_i[p_row]
    responded = p_created + (_frac(rng, 0.05, 0.9, m) * (np.minimum(starts[p_row], now) - p_created)).astype(np.int64)
    p_updated = np.where(response == 0, p_created, responded)
    interviewers = pa.table(
        {
            "id": ids(np.arange(m)),
            "interview_id": ids(p_row),
            "user_id": ids(user),
            "response_status": pick(RESPONSES, response),
            "created_at": ts(p_created),
            "updated_at": ts(p_updated),
            "deleted_at": ts(np.full(m, NA)),
        }
    )

    # Scorecards from everyone who did not decline, once the interview is over.
    held = ~cancelled & (ends <= now)
    sc = np.flatnonzero(held[p_row] & (response != 2))
    s_iv = p_row[sc]
    q = len(sc)
    lag = np.exp(np.log(5 * HOUR) + 1.1 * rng.standard_normal(q)).astype(np.int64) + 60
    submitted = ends[s_iv] + lag
    draft = (submitted > now) | (rng.random(q) < 0.04)
    s_created = np.minimum(ends[s_iv] + rng.integers(120, 2400, q), now)
    s_created = np.where(draft, s_created, np.minimum(s_created, submitted))
    outcome = visits["outcome"][v][row][s_iv]
    positive = np.isin(outcome, (PASSED, HIRED, RENEGED, BACKWARD))
    negative = outcome == REJECTED
    rec = np.select([positive, negative], [choice(rng, q, REC_POSITIVE), choice(rng, q, REC_NEGATIVE)],
                    choice(rng, q, REC_MIXED))  # fmt: skip
    rec = np.where(draft, 4, rec)
    submitted = np.where(draft, NA, submitted)
    s_updated = np.where(draft, s_created, submitted)
    app_of_iv = visits["app"][v][row]
    scorecards = pa.table(
        {
            "id": ids(np.arange(q)),
            "application_id": ids(app_of_iv[s_iv]),
            "interview_id": ids(s_iv),
            "interviewer_id": ids(user[sc]),
            "recommendation": pick(RECOMMENDATIONS, rec),
            "interviewed_at": ts(starts[s_iv]),
            "submitted_at": ts(submitted),
            "created_at": ts(s_created),
            "updated_at": ts(s_updated),
            "deleted_at": ts(np.full(q, NA)),
        }
    )
    drafts = np.bincount(s_iv, weights=draft, minlength=n)
    last_submit = np.full(n, NA)
    np.maximum.at(last_submit, s_iv, np.where(draft, NA, submitted))
    status = np.where(cancelled, 3, np.where(ends > now, 0, np.where(drafts > 0, 1, 2)))
    updated = np.select([status == 3, status == 0, status == 1], [cancel_at, created_i, ends], last_submit)
    interviews = pa.table(
        {
            "id": ids(np.arange(n)),
            "application_id": ids(app_of_iv),
            "job_stage_id": ids(stage_id),
            "name": names_arr,
            "status": pick(INTERVIEW_STATUSES, status),
            "starts_at": ts(starts),
            "ends_at": ts(ends),
            "organizer_id": ids(organizer),
            "location": pick(names.INTERVIEW_LOCATIONS, location),
            "created_at": ts(created_i),
            "updated_at": ts(updated),
            "deleted_at": ts(np.full(n, NA)),
        }
    )
    act_app = np.concatenate([app_of_iv, app_of_iv[p_row], app_of_iv[s_iv]])
    act_at = np.concatenate([updated, p_updated, s_updated])
    return interviews, interviewers, scorecards, act_app, act_at


def offer_salary(ctx: Context, rng: np.random.Generator, job: np.ndarray) -> np.ndarray:
    return (np.round(ctx.jobs.salary[job] * _frac(rng, 0.9, 1.1, len(job)), -3)).astype(np.int64)


def _offers(ctx: Context, rng: np.random.Generator, visits: dict[str, np.ndarray], cand: np.ndarray, kind: np.ndarray,
            new: np.ndarray, now: int) -> tuple[pa.Table, np.ndarray, np.ndarray]:  # fmt: skip
    v = np.flatnonzero(new & (kind == OFFER))
    n = len(v)
    entered, exited, decided, outcome = (visits[c][v] for c in ("entered", "exited", "decided", "outcome"))
    is_open = outcome == OPEN
    resolved = np.where(decided != NA, decided, exited)  # closures have no decision: the visit's end
    span = np.where(is_open, 0, resolved - entered)
    created1 = np.where(
        is_open,
        entered + np.minimum(rng.integers(2 * HOUR, 3 * DAY, n), (now - entered) // 2),
        entered + (_frac(rng, 0.05, 0.35, n) * span).astype(np.int64),
    )
    sent1 = np.where(
        is_open,
        created1 + rng.integers(2 * HOUR, 2 * DAY, n),
        created1 + (_frac(rng, 0.05, 0.4, n) * (resolved - created1)).astype(np.int64),
    )
    sent1 = np.where(sent1 > now, NA, sent1)
    two = ~is_open & (rng.random(n) < 0.15)
    deprecated_at = sent1 + (_frac(rng, 0.2, 0.6, n) * (resolved - sent1)).astype(np.int64)
    sent2 = deprecated_at + (_frac(rng, 0.05, 0.5, n) * (resolved - deprecated_at)).astype(np.int64)
    salary1 = offer_salary(ctx, rng, visits["job"][v])
    salary2 = (np.round(salary1 * _frac(rng, 1.03, 1.10, n), -3)).astype(np.int64)
    # Final version's status by how the visit ended.
    final_status = np.select(
        [outcome == HIRED, outcome == RENEGED, outcome == WITHDREW, outcome == CLOSED],
        [2, 5, 3, 4],
        np.where(sent1 == NA, 0, 1),
    )
    final_resolved = np.where(is_open, NA, resolved)
    final_updated = np.select([is_open & (sent1 == NA), is_open, outcome == RENEGED], [created1, sent1, exited],
                              resolved)  # fmt: skip
    start_date = np.where(is_open, created1, resolved) + rng.integers(14, 46, n) * DAY

    # v1 rows (deprecated when a v2 follows), then v2 rows.
    w = np.flatnonzero(two)
    rows = {
        "v": np.r_[np.arange(n), w],
        "version": np.r_[np.ones(n, dtype=np.int64), np.full(len(w), 2)],
        "status": np.r_[np.where(two, 4, final_status), final_status[w]],
        "salary": np.r_[salary1, salary2[w]],
        "sent_at": np.r_[sent1, sent2[w]],
        "resolved_at": np.r_[np.where(two, deprecated_at, final_resolved), final_resolved[w]],
        "created_at": np.r_[created1, deprecated_at[w]],
        "updated_at": np.r_[np.where(two, deprecated_at, final_updated), final_updated[w]],
        "start_date": np.r_[start_date, start_date[w]],
    }
    job = visits["job"][v][rows["v"]]
    app = visits["app"][v][rows["v"]]
    m = len(job)
    offers = pa.table(
        {
            "id": ids(np.arange(m)),
            "application_id": ids(app),
            "candidate_id": ids(cand[v][rows["v"]]),
            "job_id": ids(job),
            "opening_id": ids(np.full(m, NA)),
            "version": pa.array(rows["version"].astype(np.int32)),
            "status": pick(OFFER_STATUSES, rows["status"]),
            "salary": pa.array(rows["salary"].astype(np.int32)),
            "currency": pick(currencies(), ctx.jobs.currency[job]),
            "sent_at": ts(rows["sent_at"]),
            "resolved_at": ts(rows["resolved_at"]),
            "start_date": date(rows["start_date"]),
            "created_at": ts(rows["created_at"]),
            "updated_at": ts(rows["updated_at"]),
            "deleted_at": ts(np.full(m, NA)),
        }
    )
    return offers, app, rows["updated_at"]
