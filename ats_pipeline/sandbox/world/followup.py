"""Interviews that existed before a time move carry on: invitations answered, interviews held, feedback written,
interviews made moot by a decision cancelled. Parent applications' ``updated_at``/``last_activity_at`` follow."""

from __future__ import annotations

from collections import Counter

import duckdb
import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world.activity import INTERVIEW_STATUSES, REC_MIXED, RECOMMENDATIONS, RESPONSES
from ats_pipeline.sandbox.world.columns import DAY, HOUR, NA, from_sec, ids, pick, ts
from ats_pipeline.sandbox.world.rng import choice
from ats_pipeline.sandbox.world.store import Stager

SUBMIT_DAYS = 4.0  # mean days a draft scorecard stays a draft from here
RESPOND_DAYS = 3.0
DRAFT_GIVE_UP_DAYS = 21  # drafts older than this are never submitted (interviewers forget)


def _np(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict[str, np.ndarray]:
    return {k: np.asarray(v) for k, v in cur.execute(sql, params or []).fetchnumpy().items()}


def interviews(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int, stager: Stager,
               counts: Counter[str]) -> None:  # fmt: skip
    """Runs before the step's staged rows are flushed: only interviews that existed before the step are seen."""
    before = from_sec(old)
    days = (new - old) / DAY
    # 1. Decided before the interview took place: cancelled at the decision.
    cancelled = cur.execute(
        """update interviews i set status = 'cancelled', updated_at = v.exited_at
           from application_stages v
           where i.status = 'scheduled' and i.deleted_at is null and i.created_at <= ?
             and v.application_id = i.application_id and v.job_stage_id = i.job_stage_id
             and v.exited_at > ? and v.entered_at <= i.created_at and i.starts_at >= v.exited_at
           returning i.application_id, epoch(i.updated_at)::bigint""",
        [before, before],
    ).fetchall()
    counts["interviews_cancelled"] += len(cancelled)
    touched: list[tuple[int, int]] = list(cancelled)

    # 2. Invitations answered before the interview starts.
    inv = _np(
        cur,
        """select ii.id, i.application_id as app, epoch(i.starts_at)::bigint as starts,
                  ii.id = (select min(x.id) from interview_interviewers x where x.interview_id = i.id) as lead
           from interview_interviewers ii join interviews i on i.id = ii.interview_id
           where i.status = 'scheduled' and ii.response_status = 'needs_action' and ii.deleted_at is null
             and i.starts_at > ? and i.created_at <= ? order by ii.id""",
        [before, before],
    )
    answer = rng.random(len(inv["id"])) < 1 - np.exp(-days / RESPOND_DAYS)
    if answer.any():
        at = old + 1 + (rng.random(answer.sum()) * (np.minimum(inv["starts"][answer], new) - old - 1)).astype(np.int64)
        response = np.array([1, 3, 2])[choice(rng, int(answer.sum()), (0.85, 0.10, 0.05))]
        response = np.where(inv["lead"][answer], np.minimum(response, 1), response)  # the lead never declines
        cur.register("_answers", pa.table({"id": ids(inv["id"][answer]), "r": pick(RESPONSES, response), "t": ts(at)}))
        cur.execute("""update interview_interviewers x set response_status = a.r, updated_at = a.t
                       from _answers a where x.id = a.id""")
        cur.unregister("_answers")
        touched += list(zip(inv["app"][answer].tolist(), at.tolist(), strict=True))
        counts["interviewers_responded"] += int(answer.sum())

    # 3. Recent drafts get submitted.
    drafts = _np(
        cur,
        """select id, application_id as app, interview_id, epoch(created_at)::bigint as created from scorecards
           where submitted_at is null and deleted_at is null and created_at <= ? and created_at > ?
           order by id""",
        [before, from_sec(old - DRAFT_GIVE_UP_DAYS * DAY)],
    )
    submit = rng.random(len(drafts["id"])) < 1 - np.exp(-days / SUBMIT_DAYS)
    if submit.any():
        k = int(submit.sum())
        at = old + 1 + (rng.random(k) * (new - old - 1)).astype(np.int64)
        cur.register("_submits", pa.table({"id": ids(drafts["id"][submit]), "t": ts(at),
                                           "rec": pick(RECOMMENDATIONS, choice(rng, k, REC_MIXED))}))  # fmt: skip
        cur.execute("""update scorecards s set submitted_at = x.t, updated_at = x.t, recommendation = x.rec
                       from _submits x where s.id = x.id""")
        cur.unregister("_submits")
        touched += list(zip(drafts["app"][submit].tolist(), at.tolist(), strict=True))
        counts["scorecards_submitted"] += k

    # 4. Scheduled interviews that ended: feedback from everyone who did not decline.
    held = _np(
        cur,
        """select ii.interview_id, i.application_id as app, ii.user_id, epoch(i.starts_at)::bigint as starts,
                  epoch(i.ends_at)::bigint as ends
           from interviews i join interview_interviewers ii on ii.interview_id = i.id and ii.deleted_at is null
           where i.status = 'scheduled' and i.deleted_at is null and i.ends_at <= ? and i.created_at <= ?
             and ii.response_status <> 'declined'
           order by i.id, ii.id""",
        [from_sec(new), before],
    )
    q = len(held["app"])
    if q:
        ends = held["ends"]
        lag = np.exp(np.log(5 * HOUR) + 1.1 * rng.standard_normal(q)).astype(np.int64) + 60
        submitted = ends + lag
        draft = (submitted > new) | (rng.random(q) < 0.04)
        created = np.minimum(ends + rng.integers(120, 2400, q), new)
        created = np.where(draft, created, np.minimum(created, submitted))
        rec = np.where(draft, RECOMMENDATIONS.index("no_decision"), choice(rng, q, REC_MIXED))
        submitted = np.where(draft, NA, submitted)
        updated = np.where(draft, created, submitted)
        stager.add({"scorecards": pa.table({
            "id": ids(np.arange(q)),
            "application_id": ids(held["app"]),
            "interview_id": ids(held["interview_id"]),
            "interviewer_id": ids(held["user_id"]),
            "recommendation": pick(RECOMMENDATIONS, rec),
            "interviewed_at": ts(held["starts"]),
            "submitted_at": ts(submitted),
            "created_at": ts(created),
            "updated_at": ts(updated),
            "deleted_at": ts(np.full(q, NA)),
        })}, existing_interviews=True)  # fmt: skip
        touched += list(zip(held["app"].tolist(), updated.tolist(), strict=True))
        # The interview is awaiting feedback from its end, complete once every scorecard is in.
        iv, first = np.unique(held["interview_id"], return_index=True)
        slot = np.searchsorted(iv, held["interview_id"])
        n_drafts = np.bincount(slot, weights=draft, minlength=len(iv))
        last = np.full(len(iv), NA)
        np.maximum.at(last, slot, submitted)
        complete = n_drafts == 0
        status = np.where(complete, 2, 1)
        when = np.where(complete, last, ends[first])
        cur.register("_held", pa.table({"id": ids(iv), "status": pick(INTERVIEW_STATUSES, status), "t": ts(when)}))
        cur.execute("update interviews i set status = h.status, updated_at = h.t from _held h where i.id = h.id")
        cur.unregister("_held")
        touched += list(zip(held["app"][first].tolist(), when.tolist(), strict=True))
        counts["interviews_held"] += len(iv)
        counts["interviews_completed"] += int(complete.sum())

    # 5. Interviews whose feedback is now complete.
    done = cur.execute(
        """update interviews i set status = 'complete', updated_at = s.last
           from (select interview_id, max(submitted_at) as last, count(*) filter (submitted_at is null) as open
                 from scorecards where deleted_at is null group by 1) s
           where s.interview_id = i.id and s.open = 0 and i.status = 'awaiting_feedback' and i.deleted_at is null
           returning i.application_id, epoch(i.updated_at)::bigint""",
    ).fetchall()
    counts["interviews_completed"] += len(done)
    touched += [(a, max(t, old + 1)) for a, t in done]
    bump_applications(cur, touched, activity=True)


def bump_applications(cur: duckdb.DuckDBPyConnection, touched: list[tuple[int, int]], activity: bool) -> None:
    """Raise ``updated_at`` (and ``last_activity_at`` when ``activity``) of applications whose children changed."""
    if not touched:
        return
    latest: dict[int, int] = {}
    for app, t in touched:
        latest[int(app)] = max(int(t), latest.get(int(app), 0))
    apps = np.array(sorted(latest), dtype=np.int64)
    cur.register("_bump", pa.table({"id": ids(apps), "t": ts(np.array([latest[a] for a in apps.tolist()]))}))
    extra = ", last_activity_at = greatest(a.last_activity_at, b.t)" if activity else ""
    cur.execute(
        f"update applications a set updated_at = greatest(a.updated_at, b.t){extra} from _bump b where a.id = b.id"
    )
    cur.unregister("_bump")
