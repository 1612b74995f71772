"""The hiring process itself: moves a cohort of applications through their jobs' interview plans until each is
decided or the clock (its horizon) stops it. Vectorised: one loop iteration is one stage visit for every
application still in process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import DAY, HOUR, NA
from ats_pipeline.sandbox.world.context import Context
from ats_pipeline.sandbox.world.rng import choice, stratified_uniform

APPLIED, SCREEN, ASSESSMENT, INTERVIEW, FINAL, OFFER = range(6)

# Per canonical kind (APPLIED … OFFER). "pass" at OFFER = the candidate accepts.
PASS_FIRST = np.array([0.35, 0.50, 0.55, 0.50, 0.60, 0.80])  # first stage of its kind in the plan
PASS_LATER = np.array([0.35, 0.65, 0.55, 0.70, 0.60, 0.80])  # a second screen / interview round
WITHDRAW_SHARE = np.array([0.05, 0.15, 0.25, 0.15, 0.15, 1.0])  # of the failures, the candidate's own doing
MEDIAN_HOURS = np.array([168.0, 120.0, 144.0, 168.0, 120.0, 96.0])
SIGMA = np.array([1.1, 0.9, 0.9, 0.9, 0.9, 0.9])
STALE, STALE_FACTOR = 0.08, 20.0  # applications nobody gets to for months (first stage only)
MIN_VISIT = 600  # seconds
SKIP, BACK, UNREJECT, RENEGE = 0.05, 0.02, 0.015, 0.08
MAX_STEPS = 40

# Visit outcomes
OPEN, PASSED, BACKWARD, REJECTED, WITHDREW, HIRED, RENEGED, CLOSED = range(8)
# Event kinds (order of schema comment)
EVENT_KINDS = ("applied", "stage_change", "rejected", "unrejected", "hired", "withdrew")
EV_APPLIED, EV_STAGE, EV_REJECTED, EV_UNREJECTED, EV_HIRED, EV_WITHDREW = range(6)
# Application statuses
STATUSES = ("active", "rejected", "hired")
ACTIVE, REJECTED_STATUS, HIRED_STATUS = range(3)


@dataclass
class Cohort:
    """Applications entering the process, each in a stage visit that started at ``visit_start``."""

    app: np.ndarray
    job: np.ndarray
    stage: np.ndarray  # index into the job's plan
    visit_start: np.ndarray
    clock: np.ndarray  # when the current decision period started (visit start, or the last unreject)
    horizon: np.ndarray  # nothing happens after this (the run's end, or the job's closing time)
    member: np.ndarray  # in the planted group (true attributes)
    reported: np.ndarray  # self-ID reported for the planted dimension (a stratum only)
    first_exit: np.ndarray  # a pre-drawn time the current visit ends (time moves), NA to draw it here
    visit_id: np.ndarray  # the existing open visit's id (time moves), NA for a new visit


@dataclass
class Rows:
    """Column arrays accumulated block by block."""

    blocks: list[dict[str, np.ndarray]] = field(default_factory=list)

    def add(self, **cols: np.ndarray) -> None:
        n = len(next(iter(cols.values())))
        if n:
            self.blocks.append({k: np.broadcast_to(v, (n,)) if np.ndim(v) == 0 else v for k, v in cols.items()})

    def merged(self, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
        if not self.blocks:
            return {c: np.zeros(0, dtype=np.int64) for c in columns}
        return {c: np.concatenate([b[c] for b in self.blocks]) for c in columns}


VISIT_COLUMNS = ("app", "job", "stage", "entered", "exited", "decided", "outcome", "visit_id")
EVENT_COLUMNS = ("app", "kind", "from_stage", "to_stage", "reason", "user", "at")


@dataclass
class Result:
    visits: dict[str, np.ndarray]  # per visit, in time order per application
    events: dict[str, np.ndarray]  # in time order per application
    status: np.ndarray  # per cohort member
    stage: np.ndarray  # final stage index
    rejected_at: np.ndarray
    reason: np.ndarray
    hired_at: np.ndarray
    last_event: np.ndarray  # latest event time (or the cohort's clock if none)


def _durations(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    mu, sigma = duration_params(kind)
    stale = (kind == APPLIED) & (rng.random(len(kind)) < STALE)
    d = np.exp(mu + sigma * rng.standard_normal(len(kind))) * np.where(stale, STALE_FACTOR, 1.0)
    return np.maximum(MIN_VISIT, d).astype(np.int64)


def duration_params(kind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mu, sigma) of the lognormal visit length in seconds, for conditioning in time moves."""
    return np.log(MEDIAN_HOURS[kind] * HOUR), SIGMA[kind]


def run(ctx: Context, rng: np.random.Generator, cohort: Cohort, now: int) -> Result:
    jobs = ctx.jobs
    m = len(cohort.app)
    ratio = ctx.adverse_impact.ratio if ctx.adverse_impact else 1.0
    st = cohort.stage.copy()
    vstart = cohort.visit_start.copy()
    clock = cohort.clock.copy()
    visit_id = cohort.visit_id.copy()
    status = np.zeros(m, dtype=np.int64)
    rejected_at = np.full(m, NA)
    reason = np.full(m, NA)
    hired_at = np.full(m, NA)
    last = cohort.clock.copy()
    recruiter = jobs.recruiter[cohort.job]
    visits, events = Rows(), Rows()
    reject_ids, reject_w = ctx.reason_ids(names.REJECT_GENERAL), np.array(names.REJECT_GENERAL_WEIGHTS)
    withdraw_ids, withdraw_w = ctx.reason_ids(names.WITHDREW_GENERAL), np.array(names.WITHDREW_GENERAL_WEIGHTS)
    decline_ids, decline_w = ctx.reason_ids(names.OFFER_DECLINE), np.array(names.OFFER_DECLINE_WEIGHTS)
    closure_ids = ctx.reason_ids(names.CLOSURE)

    def visit(idx: np.ndarray, exited: np.ndarray, decided: np.ndarray, outcome: int) -> None:
        visits.add(app=cohort.app[idx], job=cohort.job[idx], stage=st[idx], entered=vstart[idx], exited=exited,
                   decided=decided, outcome=np.full(len(idx), outcome), visit_id=visit_id[idx])  # fmt: skip

    def event(idx: np.ndarray, kind: int, at: np.ndarray, reason_: np.ndarray | int = NA, to: np.ndarray | int = NA,
              by_candidate: bool = False) -> None:  # fmt: skip
        stage_id = jobs.stage[cohort.job[idx], st[idx]]
        events.add(app=cohort.app[idx], kind=np.full(len(idx), kind), from_stage=stage_id,
                   to_stage=np.broadcast_to(to, (len(idx),)).astype(np.int64),
                   reason=np.broadcast_to(reason_, (len(idx),)).astype(np.int64),
                   user=np.full(len(idx), NA) if by_candidate else recruiter[idx], at=at)  # fmt: skip
        np.maximum.at(last, idx, at)

    def end(idx: np.ndarray, at: np.ndarray, reason_: np.ndarray, outcome: int) -> None:
        status[idx] = REJECTED_STATUS
        rejected_at[idx], reason[idx] = at, reason_
        visit(idx, at, at if outcome != CLOSED else np.full(len(idx), NA), outcome)

    alive = np.arange(m)
    for step in range(MAX_STEPS):
        if not alive.size:
            break
        j, s = cohort.job[alive], st[alive]
        k = jobs.kind[j, s]
        exit_at = clock[alive] + _durations(rng, k)
        if step == 0:
            pre = cohort.first_exit[alive]
            exit_at = np.where(pre != NA, pre, exit_at)
        hz = cohort.horizon[alive]
        late = exit_at > hz
        closing = late & (hz < now)

        stay = alive[late & ~closing]
        visit(stay, np.full(len(stay), NA), np.full(len(stay), NA), OPEN)

        c = alive[closing]
        t = np.minimum(hz[closing] + rng.integers(600, 36 * HOUR, len(c)), now)
        r = closure_ids[rng.integers(0, len(closure_ids), len(c))]
        event(c, EV_REJECTED, t, r)
        end(c, t, r, CLOSED)

        dec = ~late
        a, e, k, s, j = alive[dec], exit_at[dec], k[dec], s[dec], j[dec]
        gate = jobs.gate[j, s]
        member = cohort.member[a] & gate
        # Strata by group at every stage, so group-level conversions track the settings closely.
        key = ((k * 2 + jobs.first_of_kind[j, s]) * 2 + gate) * 4 + cohort.member[a] * 2 + cohort.reported[a]
        u = stratified_uniform(rng, key.astype(np.int64))
        is_offer = k == OFFER
        back = ~is_offer & (s >= 2) & (rng.random(len(a)) < BACK)
        p = np.minimum(
            np.where(jobs.first_of_kind[j, s], PASS_FIRST[k], PASS_LATER[k]) * np.where(member, ratio, 1.0), 1.0
        )
        passed = ~is_offer & ~back & (u < p)
        failed = ~is_offer & ~back & ~passed
        nxt_gate = jobs.gate[j, np.minimum(s + 1, jobs.kind.shape[1] - 1)]
        skip = passed & (rng.random(len(a)) < SKIP) & (s + 2 <= jobs.length[j] - 1) & ~nxt_gate
        target = np.where(back, s - 1, np.where(skip, s + 2, s + 1))

        # Offers: accept (then hired, or reneged later) or decline.
        accept = is_offer & (u < p)
        renege_at = e + rng.integers(3 * DAY, 25 * DAY, len(a))
        renege = accept & (rng.random(len(a)) < RENEGE) & (renege_at <= cohort.horizon[a])
        hire = accept & ~renege
        hire_at = e + np.minimum(rng.integers(60, 4 * HOUR, len(a)), cohort.horizon[a] - e)
        decline = is_offer & ~accept

        idx = a[hire]
        event(idx, EV_HIRED, hire_at[hire])
        status[idx], hired_at[idx] = HIRED_STATUS, hire_at[hire]
        visit(idx, hire_at[hire], e[hire], HIRED)

        idx = a[renege]
        r = withdraw_ids[choice(rng, len(idx), withdraw_w)]
        event(idx, EV_WITHDREW, renege_at[renege], r, by_candidate=True)
        status[idx], rejected_at[idx], reason[idx] = REJECTED_STATUS, renege_at[renege], r
        visit(idx, renege_at[renege], e[renege], RENEGED)

        idx = a[decline]
        r = decline_ids[choice(rng, len(idx), decline_w)]
        event(idx, EV_WITHDREW, e[decline], r, by_candidate=True)
        end(idx, e[decline], r, WITHDREW)

        # Failed a stage: withdrew, or rejected (and sometimes unrejected later, staying in the same visit).
        withdrew = failed & (rng.random(len(a)) < WITHDRAW_SHARE[k])
        idx = a[withdrew]
        r = withdraw_ids[choice(rng, len(idx), withdraw_w)]
        event(idx, EV_WITHDREW, e[withdrew], r, by_candidate=True)
        end(idx, e[withdrew], r, WITHDREW)

        rejected = failed & ~withdrew
        unreject_at = e + rng.integers(2 * HOUR, 5 * DAY, len(a))
        unreject = rejected & (rng.random(len(a)) < UNREJECT) & (unreject_at <= cohort.horizon[a])
        final_reject = rejected & ~unreject
        idx = a[rejected]
        r = reject_ids[choice(rng, len(idx), reject_w)]
        event(idx, EV_REJECTED, e[rejected], r)
        idx = a[unreject]
        event(idx, EV_UNREJECTED, unreject_at[unreject])
        clock[idx] = unreject_at[unreject]
        idx = a[final_reject]
        sub = final_reject[rejected]
        end(idx, e[final_reject], r[sub], REJECTED)

        moved = back | passed
        idx = a[moved]
        to = jobs.stage[j[moved], target[moved]]
        event(idx, EV_STAGE, e[moved], to=to)
        out = np.where(back[moved], BACKWARD, PASSED)
        visits.add(app=cohort.app[idx], job=cohort.job[idx], stage=st[idx], entered=vstart[idx], exited=e[moved],
                   decided=e[moved], outcome=out, visit_id=visit_id[idx])  # fmt: skip
        st[idx], vstart[idx], clock[idx], visit_id[idx] = target[moved], e[moved], e[moved], NA

        alive = np.concatenate([idx, a[unreject]])
        alive.sort()
    if alive.size:  # pathological loops: leave them open where they are
        visit(alive, np.full(len(alive), NA), np.full(len(alive), NA), OPEN)

    v = visits.merged(VISIT_COLUMNS)
    order = np.lexsort((v["entered"], v["app"]))
    ev = events.merged(EVENT_COLUMNS)
    # Stable sort keeps same-time events in the order they were decided.
    ev_order = np.lexsort((ev["at"], ev["app"]))
    return Result(
        visits={c: x[order] for c, x in v.items()},
        events={c: x[ev_order] for c, x in ev.items()},
        status=status,
        stage=st,
        rejected_at=rejected_at,
        reason=reason,
        hired_at=hired_at,
        last_event=last,
    )
