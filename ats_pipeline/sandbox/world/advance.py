"""Time moves: ``advance(days)`` applies everything that happens in (old now, new now], in one transaction.

Order within a step: job openings/closures → open applications progress → new applications arrive → child rows
are appended → interviews already scheduled progress → hires fill openings → administrative changes (candidate
edits, merges, deletions, anonymisations). Every changed row gets ``updated_at`` inside the window; rows
nothing happened to keep theirs. Randomness comes from ``rng_for(seed, 'advance', step, part)``.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world import admin, chunk, context, followup, people, pipeline, store
from ats_pipeline.sandbox.world.activity import OFFER_STATUSES
from ats_pipeline.sandbox.world.activity import build as build_activity
from ats_pipeline.sandbox.world.columns import DAY, HOUR, NA, NEVER, from_sec, ids, pick, to_sec, ts
from ats_pipeline.sandbox.world.config import WorldConfig
from ats_pipeline.sandbox.world.generate import link_offers_to_openings
from ats_pipeline.sandbox.world.rng import lognormal_above, rng_for

JOB_CLOSE_DAYS = 200  # mean days an open job stays open from here
DRAFT_OPEN_DAYS = 30


def advance(cur: duckdb.DuckDBPyConnection, config: WorldConfig, days: int) -> tuple[dict[str, int], datetime]:
    cur.execute("begin transaction")
    try:
        meta = store.read_meta(cur)
        step = int(meta.get("step", "0")) + 1
        old = to_sec(datetime.fromisoformat(meta["now"]))
        new = old + int(days) * DAY
        counts: Counter[str] = Counter()
        if days > 0:
            _step(cur, config, step, old, new, counts)
        store.write_meta(cur, {"now": from_sec(new).isoformat(), "step": str(step)})
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    return dict(sorted(counts.items())), from_sec(new)


def _step(cur: duckdb.DuckDBPyConnection, config: WorldConfig, step: int, old: int, new: int,
          counts: Counter[str]) -> None:  # fmt: skip
    seed = config.seed

    def rng(part: str) -> np.random.Generator:
        return rng_for(seed, "advance", step, part)

    _job_lifecycle(cur, rng("jobs"), old, new, counts)
    ctx = context.load(cur, seed, config.adverse_impact)
    stager = store.Stager(cur)
    _progress(cur, ctx, rng("progress"), old, new, stager, counts)
    _arrivals(cur, ctx, config, rng("arrivals"), old, new, stager, counts)
    followup.interviews(cur, rng("interviews"), old, new, stager, counts)
    edited = admin.edit(cur, config, rng("edits"), old, new, stager, counts)
    added = stager.flush()  # one flush per step keeps ids in creation order
    counts["interviews_created"] += added["interviews"]
    counts["scorecards_created"] += added["scorecards"]
    counts["offers_created"] += added["offers"]
    _fill_openings(cur, rng("openings"), old, new, counts)
    link_offers_to_openings(cur, since=from_sec(old).isoformat())
    admin.apply(cur, config, rng("admin"), old, new, edited, counts)


def _job_lifecycle(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int,
                   counts: Counter[str]) -> None:  # fmt: skip
    """Some open jobs close (unfilled openings cancelled), some drafts open. Job 1 stays open for arrivals."""
    days = (new - old) / DAY
    open_jobs = np.asarray(
        cur.execute(
            "select id from jobs where status = 'open' and deleted_at is null and id > 1 order by id"
        ).fetchnumpy()["id"]
    )
    drafts = np.asarray(
        cur.execute("select id from jobs where status = 'draft' and deleted_at is null order by id").fetchnumpy()["id"]
    )
    closing = open_jobs[rng.random(len(open_jobs)) < 1 - np.exp(-days / JOB_CLOSE_DAYS)]
    opening = drafts[rng.random(len(drafts)) < 1 - np.exp(-days / DRAFT_OPEN_DAYS)]
    close_at = old + 1 + (rng.random(len(closing)) * (new - old - 1)).astype(np.int64)
    open_at = old + 1 + (rng.random(len(opening)) * (new - old - 1)).astype(np.int64)
    if len(closing):
        cur.register("_jobs_closing", pa.table({"id": ids(closing), "t": ts(close_at)}))
        cur.execute("""update jobs j set status = 'closed', closed_at = c.t, updated_at = c.t
                       from _jobs_closing c where j.id = c.id""")
        cur.execute("""update openings o set status = 'closed', closed_at = c.t, close_reason = 'cancelled',
                       updated_at = c.t from _jobs_closing c where o.job_id = c.id and o.status = 'open'""")
        cur.unregister("_jobs_closing")
    if len(opening):
        cur.register("_jobs_opening", pa.table({"id": ids(opening), "t": ts(open_at)}))
        cur.execute("""update jobs j set status = 'open', opened_at = c.t, updated_at = c.t
                       from _jobs_opening c where j.id = c.id""")
        cur.unregister("_jobs_opening")
    counts["jobs_closed"] += len(closing)
    counts["jobs_opened"] += len(opening)


def _progress(cur: duckdb.DuckDBPyConnection, ctx: context.Context, rng: np.random.Generator, old: int, new: int,
              stager: store.Stager, counts: Counter[str]) -> None:  # fmt: skip
    """Open applications move on: each open visit's end is drawn conditioned on how long it has lasted."""
    s = cur.execute(
        f"""
        select a.id as app, a.job_id as job, a.candidate_id as cand, js.stage_order - 1 as stage, v.id as visit_id,
               epoch(v.entered_at)::bigint as entered,
               epoch(greatest(v.entered_at, coalesce(u.t, v.entered_at)))::bigint as clock,
               coalesce(epoch(i.t)::bigint, {NA}) as interview_end,
               epoch(a.last_activity_at)::bigint as last_activity
        from applications a
        join application_stages v on v.application_id = a.id and v.exited_at is null and v.deleted_at is null
        join job_stages js on js.id = v.job_stage_id
        left join (select application_id, max(occurred_at) as t from application_events
                   where kind = 'unrejected' and deleted_at is null group by 1) u on u.application_id = a.id
        left join (select application_id, job_stage_id, max(ends_at) as t from interviews
                   where status <> 'cancelled' and deleted_at is null group by 1, 2) i
               on i.application_id = a.id and i.job_stage_id = v.job_stage_id
        where a.status = 'active' and not a.is_prospect and a.deleted_at is null
        order by a.id
        """
    ).fetchnumpy()
    s = {k: np.asarray(v) for k, v in s.items()}
    n = len(s["app"])
    if not n:
        return
    jobs = ctx.jobs
    kind = jobs.kind[s["job"], s["stage"]]
    mu, sigma = pipeline.duration_params(kind)
    elapsed = (old - s["clock"]).astype(np.float64)
    exit_at = s["clock"] + lognormal_above(rng, mu, sigma, elapsed).astype(np.int64)
    # Decisions wait for the stage's interview feedback.
    has_iv = s["interview_end"] != NA
    exit_at = np.where(has_iv, np.maximum(exit_at, s["interview_end"] + rng.integers(HOUR, 48 * HOUR, n)), exit_at)
    person = people.person_of(ctx.seed, s["cand"])
    traits = people.traits(ctx.seed, person)
    cohort = pipeline.Cohort(
        app=s["app"], job=s["job"], stage=s["stage"], visit_start=s["entered"], clock=s["clock"],
        horizon=np.minimum(np.where(jobs.closes[s["job"]] == NEVER, new, jobs.closes[s["job"]]), new),
        member=traits.member(ctx.adverse_impact), reported=np.zeros(n, dtype=bool), first_exit=exit_at,
        visit_id=s["visit_id"],
    )  # fmt: skip
    sim = pipeline.run(ctx, rng, cohort, new)
    v = sim.visits
    cand_of = dict(zip(s["app"].tolist(), s["cand"].tolist(), strict=True))
    visit_cand = np.array([cand_of[a] for a in v["app"].tolist()], dtype=np.int64)
    act = build_activity(ctx, rng, v, visit_cand, new)

    # Existing open visits that ended.
    ended = (v["visit_id"] != NA) & (v["exited"] != NA)
    if ended.any():
        cur.register("_visits_ended", pa.table({"id": ids(v["visit_id"][ended]), "t": ts(v["exited"][ended])}))
        cur.execute("""update application_stages s set exited_at = e.t, updated_at = e.t
                       from _visits_ended e where s.id = e.id""")
        cur.unregister("_visits_ended")
    _resolve_open_offers(cur, ctx, rng, v, old)

    fresh = v["visit_id"] == NA
    nv = int(fresh.sum())
    stages = pa.table(
        {
            "id": ids(np.arange(nv)),
            "application_id": ids(v["app"][fresh]),
            "job_stage_id": ids(jobs.stage[v["job"][fresh], v["stage"][fresh]]),
            "entered_at": ts(v["entered"][fresh]),
            "exited_at": ts(v["exited"][fresh]),
            "created_at": ts(v["entered"][fresh]),
            "updated_at": ts(np.where(v["exited"][fresh] == NA, v["entered"][fresh], v["exited"][fresh])),
            "deleted_at": ts(np.full(nv, NA)),
        }
    )
    ev = sim.events
    ne = len(ev["app"])
    events = pa.table(
        {
            "id": ids(np.arange(ne)),
            "application_id": ids(ev["app"]),
            "kind": pick(pipeline.EVENT_KINDS, ev["kind"]),
            "from_stage_id": ids(ev["from_stage"]),
            "to_stage_id": ids(ev["to_stage"]),
            "rejection_reason_id": ids(ev["reason"]),
            "user_id": ids(ev["user"]),
            "occurred_at": ts(ev["at"]),
            "deleted_at": ts(np.full(ne, NA)),
        }
    )
    stager.add(
        {
            "application_stages": stages,
            "application_events": events,
            "interviews": act.interviews,
            "interview_interviewers": act.interviewers,
            "scorecards": act.scorecards,
            "offers": act.offers,
        }
    )
    _count_events(ev["kind"], counts)

    # Applications that changed: new state and activity time.
    touched = np.zeros(n, dtype=bool)
    touched[np.searchsorted(s["app"], ev["app"])] = True
    latest = np.maximum(s["last_activity"], sim.last_event)
    if len(act.app):
        np.maximum.at(latest, np.searchsorted(s["app"], act.app), act.at)
        touched[np.searchsorted(s["app"], act.app)] = True
    t = np.flatnonzero(touched)
    if len(t):
        upd = pa.table(
            {
                "id": ids(s["app"][t]),
                "status": pick(pipeline.STATUSES, sim.status[t]),
                "current_stage_id": ids(jobs.stage[s["job"][t], sim.stage[t]]),
                "rejected_at": ts(sim.rejected_at[t]),
                "rejection_reason_id": ids(sim.reason[t]),
                "hired_at": ts(sim.hired_at[t]),
                "last_activity_at": ts(latest[t]),
            }
        )
        cur.register("_apps_changed", upd)
        cur.execute(
            """update applications a set status = c.status, current_stage_id = c.current_stage_id,
                   rejected_at = c.rejected_at, rejection_reason_id = c.rejection_reason_id, hired_at = c.hired_at,
                   last_activity_at = c.last_activity_at, updated_at = greatest(a.updated_at, c.last_activity_at)
               from _apps_changed c where a.id = c.id"""
        )
        cur.unregister("_apps_changed")
    counts["applications_progressed"] += len(t)


def _resolve_open_offers(cur: duckdb.DuckDBPyConnection, ctx: context.Context, rng: np.random.Generator,
                         v: dict[str, np.ndarray], old: int) -> None:  # fmt: skip
    """Offers outstanding at the start of the step whose offer-stage visit ended: accepted / declined / …"""
    kind = ctx.jobs.kind[v["job"], v["stage"]]
    sel = (v["visit_id"] != NA) & (v["exited"] != NA) & (kind == pipeline.OFFER)
    if not sel.any():
        return
    outcome = v["outcome"][sel]
    status = np.select(
        [outcome == pipeline.HIRED, outcome == pipeline.RENEGED, outcome == pipeline.WITHDREW],
        [OFFER_STATUSES.index("accepted"), OFFER_STATUSES.index("reneged"), OFFER_STATUSES.index("declined")],
        OFFER_STATUSES.index("deprecated"),
    )
    resolved = np.where(v["decided"][sel] != NA, v["decided"][sel], v["exited"][sel])
    updated = np.where(outcome == pipeline.RENEGED, v["exited"][sel], resolved)
    sent = np.maximum(old + 1, resolved - rng.integers(HOUR, 2 * DAY, len(resolved)))
    cur.register(
        "_offers_resolved",
        pa.table(
            {
                "app": ids(v["app"][sel]),
                "status": pick(OFFER_STATUSES, status),
                "resolved": ts(resolved),
                "updated": ts(updated),
                "sent": ts(np.minimum(sent, resolved)),
            }
        ),  # fmt: skip
    )
    cur.execute(
        """update offers o set status = r.status, resolved_at = r.resolved, updated_at = r.updated,
               sent_at = coalesce(o.sent_at, r.sent)
           from _offers_resolved r
           where o.application_id = r.app and o.deleted_at is null and o.status in ('created', 'sent')"""
    )
    cur.unregister("_offers_resolved")


def _arrivals(cur: duckdb.DuckDBPyConnection, ctx: context.Context, config: WorldConfig, rng: np.random.Generator,
              old: int, new: int, stager: store.Stager, counts: Counter[str]) -> None:  # fmt: skip
    """New applications at about the generation rate, with new candidates or returning ones."""
    n = int(rng.poisson(config.applications / config.history_days * (new - old) / DAY))
    if not n:
        return
    app0, cand0 = cur.execute(
        "select (select coalesce(max(id), 0) + 1 from applications), (select coalesce(max(id), 0) + 1 from candidates)"
    ).fetchone()
    existing = np.asarray(cur.execute(
        "select id from candidates where deleted_at is null and anonymized_at is null order by id"
    ).fetchnumpy()["id"])  # fmt: skip
    batch = chunk.build(ctx, rng, n=n, lo=old, hi=new, now=new, app_id0=app0, cand_id0=cand0, existing=existing)
    store.append(cur, "applications", batch.tables["applications"])
    store.append(cur, "demographics", batch.tables["demographics"])
    stager.add(batch.tables)
    _count_events(
        np.asarray([pipeline.EVENT_KINDS.index(k) for k in batch.tables["application_events"]["kind"].to_pylist()]),
        counts,
    )
    counts["new_applications"] += n

    # Candidates: new ones are created now; returning ones were touched by their new application.
    cand, applied = batch.cand, batch.applied
    last_by_cand: dict[int, int] = {}
    for c, t in zip(cand.tolist(), applied.tolist(), strict=True):
        last_by_cand[c] = max(t, last_by_cand.get(c, 0))
    new_ids = batch.new_candidates
    if len(new_ids):
        table, educations, employments = people.candidates(
            ctx.seed, new_ids, batch.new_created, np.array([last_by_cand[c] for c in new_ids.tolist()])
        )
        store.append(cur, "candidates", table)
        stager.add({"candidate_educations": educations, "candidate_employments": employments})
    returning = sorted(set(last_by_cand) - set(new_ids.tolist()))
    if returning:
        cur.register("_returning", pa.table({"id": ids(np.array(returning)),
                                             "t": ts(np.array([last_by_cand[c] for c in returning]))}))  # fmt: skip
        cur.execute(
            "update candidates c set updated_at = greatest(c.updated_at, r.t) from _returning r where c.id = r.id"
        )
        cur.unregister("_returning")
    counts["new_candidates"] += len(new_ids)


def _count_events(kinds: np.ndarray, counts: Counter[str]) -> None:
    names = {
        pipeline.EV_STAGE: "stage_moves",
        pipeline.EV_HIRED: "hires",
        pipeline.EV_REJECTED: "rejections",
        pipeline.EV_WITHDREW: "withdrawals",
        pipeline.EV_UNREJECTED: "unrejections",
    }
    for code, name in names.items():
        counts[name] += int((kinds == code).sum())


def _fill_openings(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int,
                   counts: Counter[str]) -> None:  # fmt: skip
    """Each hire of the step fills its job's oldest open opening, or one added for it."""
    hires = cur.execute(
        "select id, job_id, epoch(hired_at)::bigint from applications "
        "where status = 'hired' and hired_at > ? and deleted_at is null order by hired_at, id",
        [from_sec(old)],
    ).fetchall()
    last_opened = old
    for app, job, hired in hires:
        row = cur.execute(
            "select id from openings where job_id = ? and status = 'open' order by id limit 1", [job]
        ).fetchone()
        when = from_sec(hired)
        if row is None:
            # Added headcount, just before the hire (ids stay in creation order across the step's hires).
            last_opened = max(last_opened + 1, hired - int(rng.integers(HOUR, DAY)))
            opened = from_sec(min(last_opened, hired))
            opening_id = cur.execute("select coalesce(max(id), 0) + 1 from openings").fetchone()[0]
            code = cur.execute("select requisition_id from jobs where id = ?", [job]).fetchone()[0]
            number = cur.execute("select count(*) + 1 from openings where job_id = ?", [job]).fetchone()[0]
            cur.execute(
                "insert into openings values (?, ?, ?, 'open', ?, null, null, null, ?, ?, ?)",
                [opening_id, job, f"{code}-{number}", opened, (opened + timedelta(days=60)).date(), opened, opened],
            )
            counts["openings_added"] += 1
        else:
            opening_id = row[0]
        cur.execute(
            """update openings set status = 'closed', closed_at = ?, close_reason = 'hired', application_id = ?,
                   updated_at = ? where id = ?""",
            [when, app, when, opening_id],
        )
        counts["openings_filled"] += 1
