"""The sandbox world: determinism, invariants, realism features, planted adverse impact, time moves, reopening."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from ats_pipeline.sandbox.world import AdverseImpact, World, WorldConfig
from ats_pipeline.sandbox.world.schema import TABLES

DEFAULT = WorldConfig()


def table_hashes(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    out = {}
    for table in (*TABLES, "world_meta"):
        key = {"demographics": "application_id", "world_meta": "key"}.get(table, "id")
        out[table] = cur.execute(f"select md5(string_agg(t::varchar, '|' order by {key})) from {table} t").fetchone()[0]
    return out


def scalar(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> object:
    return cur.execute(sql, params or []).fetchone()[0]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World.generate(DEFAULT)
    yield w
    w.close()


@pytest.fixture(scope="module")
def advanced() -> Iterator[tuple[World, dict[str, dict[str, str]], dict[str, int], object, object]]:
    """A default world advanced by 14 days, with per-row snapshots from before the move."""
    w = World.generate(DEFAULT)
    cur = w.cursor()
    before = {
        t: dict(cur.execute(f"select id, t::varchar from {t} t").fetchall()) for t in TABLES if t != "demographics"
    }
    before["demographics"] = dict(cur.execute("select application_id, t::varchar from demographics t").fetchall())
    gt0 = w.ground_truth()
    counts = w.advance(14)
    yield w, before, counts, gt0, w.ground_truth()
    w.close()


# ---------------------------------------------------------------------------------------------------------------
# Invariants, checked by SQL (each query returns the number of violations)

TIME_COLUMNS = {
    "applications": (
        "applied_at",
        "rejected_at",
        "hired_at",
        "last_activity_at",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "application_stages": ("entered_at", "exited_at", "created_at", "updated_at", "deleted_at"),
    "application_events": ("occurred_at", "deleted_at"),
    "scorecards": ("interviewed_at", "submitted_at", "created_at", "updated_at", "deleted_at"),
    "offers": ("sent_at", "resolved_at", "created_at", "updated_at", "deleted_at"),
    "candidates": ("created_at", "updated_at", "deleted_at", "anonymized_at"),
    "demographics": ("submitted_at", "created_at", "updated_at", "deleted_at"),
    "jobs": ("opened_at", "closed_at", "created_at", "updated_at"),
    "openings": ("opened_at", "closed_at", "created_at", "updated_at"),
    "interviews": ("created_at", "updated_at", "deleted_at"),
}

VIOLATIONS = {
    "active app has exactly one open visit, its current stage": """
        select count(*) from applications a
        where a.status = 'active' and a.job_id is not null and a.deleted_at is null and (
            (select count(*) from application_stages v where v.application_id = a.id and v.exited_at is null) <> 1
            or a.current_stage_id <> (select v.job_stage_id from application_stages v
                                      where v.application_id = a.id and v.exited_at is null limit 1))""",
    "closed app has no open visit and sits in its last visited stage": """
        select count(*) from applications a
        where a.status <> 'active' and a.job_id is not null and (
            exists (select 1 from application_stages v where v.application_id = a.id and v.exited_at is null)
            or a.current_stage_id <> (select v.job_stage_id from application_stages v where v.application_id = a.id
                                      order by v.entered_at desc limit 1))""",
    "visits of one application do not overlap": """
        select count(*) from (
            select exited_at, lead(entered_at) over (partition by application_id order by entered_at, id) as nxt
            from application_stages) where nxt is not null and (exited_at is null or exited_at > nxt)""",
    "visits belong to the application's job": """
        select count(*) from application_stages v join applications a on a.id = v.application_id
        join job_stages js on js.id = v.job_stage_id where js.job_id <> a.job_id""",
    "events in time order by id, starting with 'applied' at applied_at": """
        select count(*) from (
            select e.*, lag(occurred_at) over (partition by application_id order by id) as prev,
                   row_number() over (partition by application_id order by id) as n
            from application_events e) e join applications a on a.id = e.application_id
        where (prev is not null and occurred_at < prev)
           or (n = 1 and (kind <> 'applied' or occurred_at <> a.applied_at))""",
    "hired apps: hired_at, offer stage, one accepted offer, a hired event": """
        select count(*) from applications a where a.status = 'hired' and (
            a.hired_at is null or a.rejected_at is not null
            or (select kind from job_stages where id = a.current_stage_id) <> 'offer'
            or (select count(*) from offers o where o.application_id = a.id and o.status = 'accepted') <> 1
            or not exists (select 1 from application_events e where e.application_id = a.id and e.kind = 'hired'
                           and e.occurred_at = a.hired_at))""",
    "rejected apps carry time and reason, matching their last event": """
        select count(*) from applications a where a.status = 'rejected' and (
            a.rejected_at is null or a.rejection_reason_id is null or a.hired_at is not null
            or (select row(kind in ('rejected', 'withdrew'), rejection_reason_id, occurred_at)
                from application_events e where e.application_id = a.id order by id desc limit 1)
               <> row(true, a.rejection_reason_id, a.rejected_at))""",
    "withdrawals carry they_withdrew reasons, rejections others": """
        select count(*) from application_events e join rejection_reasons r on r.id = e.rejection_reason_id
        where (e.kind = 'withdrew') <> (r.type = 'they_withdrew')""",
    "active apps have no rejection": """
        select count(*) from applications
        where status = 'active' and (rejected_at is not null or hired_at is not null)""",
    "updated_at >= created_at": "union",
    "id order follows creation order": "union",
    "filled openings point at a hire of the job": """
        select count(*) from openings o left join applications a on a.id = o.application_id
        where (o.close_reason = 'hired') <> (a.id is not null)
           or (a.id is not null and (a.status <> 'hired' or a.job_id <> o.job_id or o.closed_at <> a.hired_at))""",
    "every hire fills one opening": """
        select count(*) from applications a where a.status = 'hired' and a.deleted_at is null
          and (select count(*) from openings o where o.application_id = a.id) <> 1""",
    "offers point at an opening of their job; accepted ones at the opening their hire filled": """
        select count(*) from offers o left join openings p on p.id = o.opening_id
        where p.id is null or p.job_id <> o.job_id
           or (o.status = 'accepted' and p.application_id is distinct from o.application_id)""",
    "offer versions are 1..n, older ones deprecated": """
        select count(*) from (
            select application_id, version, status, max(version) over (partition by application_id) as top,
                   row_number() over (partition by application_id order by version) as n
            from offers where deleted_at is null)
        where version <> n or (version < top and status <> 'deprecated')""",
    "interview status consistent with time and feedback": """
        select count(*) from interviews i, (select value::timestamp as now from world_meta where key = 'now') m
        where i.deleted_at is null and (
            (i.status = 'scheduled' and i.ends_at <= m.now)
            or (i.status in ('awaiting_feedback', 'complete') and i.ends_at > m.now)
            or (i.status = 'complete' and exists (select 1 from scorecards s where s.interview_id = i.id
                                                  and s.submitted_at is null and s.deleted_at is null))
            or (i.status = 'awaiting_feedback' and i.created_at < m.now - interval 200 day and false))""",
    "1–4 interviewers per interview": """
        select count(*) from (select interview_id, count(*) as n from interview_interviewers group by 1)
        where n not between 1 and 4""",
    "drafts are scorecards without submitted_at and no decision": """
        select count(*) from scorecards where submitted_at is null and recommendation <> 'no_decision'""",
    "self-ID is consistent per candidate": """
        select count(*) from (select candidate_id from demographics where deleted_at is null
                              group by 1
                              having count(distinct (gender, races, veteran_status, disability_status)) > 1)""",
    "last_activity_at covers the event log": """
        select count(*) from applications a
        where a.last_activity_at < (select max(occurred_at) from application_events e where e.application_id = a.id)
           or a.updated_at < a.last_activity_at""",
    "an application's updated_at covers its children's": """
        select count(*) from applications a where a.updated_at < greatest(
            (select max(updated_at) from application_stages x where x.application_id = a.id),
            (select max(updated_at) from interviews x where x.application_id = a.id),
            (select max(x.updated_at) from interview_interviewers x join interviews i on i.id = x.interview_id
             where i.application_id = a.id),
            (select max(updated_at) from scorecards x where x.application_id = a.id),
            (select max(updated_at) from offers x where x.application_id = a.id),
            (select max(updated_at) from attachments x where x.application_id = a.id),
            (select max(updated_at) from demographics x where x.application_id = a.id))""",
    "children of deleted applications are deleted": """
        select (select count(*) from application_stages x join applications a on a.id = x.application_id
                where a.deleted_at is not null and x.deleted_at is null)
             + (select count(*) from offers x join applications a on a.id = x.application_id
                where a.deleted_at is not null and x.deleted_at is null)
             + (select count(*) from application_events x join applications a on a.id = x.application_id
                where a.deleted_at is not null and x.deleted_at is null)""",
    "applications of deleted candidates are deleted": """
        select count(*) from applications a join candidates c on c.id = a.candidate_id
        where c.deleted_at is not null and a.deleted_at is null""",
}


def violations(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    now = scalar(cur, "select value::timestamp from world_meta where key = 'now'")
    found = {}
    for name, sql in VIOLATIONS.items():
        if sql != "union":
            found[name] = scalar(cur, sql)
    for table in TABLES:
        cols = {
            r[0]
            for r in cur.execute(
                f"select column_name from information_schema.columns where table_name = '{table}'"
            ).fetchall()
        }
        if "updated_at" in cols:
            found[f"{table}: updated_at >= created_at"] = scalar(
                cur, f"select count(*) from {table} where updated_at < created_at"
            )
        if "created_at" in cols and "id" in cols:
            found[f"{table}: ids 1..n follow created_at"] = scalar(
                cur,
                f"""select count(*) + (select max(id) - count(*) from {table}) from (
                        select created_at, lag(created_at) over (order by id) as prev from {table})
                    where created_at < prev""",
            )
        for col in TIME_COLUMNS.get(table, ("created_at", "updated_at")):
            found[f"{table}.{col} <= now"] = scalar(cur, f"select count(*) from {table} where {col} > ?", [now])
    return {k: v for k, v in found.items() if v}


def test_invariants(world: World) -> None:
    assert violations(world.cursor()) == {}


def test_same_config_same_world(world: World) -> None:
    again = World.generate(DEFAULT)
    try:
        assert table_hashes(again.cursor()) == table_hashes(world.cursor())
    finally:
        again.close()
    other = World.generate(WorldConfig(seed=43, applications=300))
    try:
        assert scalar(other.cursor(), "select count(*) from applications") == 300
    finally:
        other.close()


def test_reference_data(world: World) -> None:
    cur = world.cursor()
    assert scalar(cur, "select count(*) from departments where parent_id is not null") > 0
    assert scalar(cur, "select count(distinct split_part(timezone, '/', 1)) from offices") >= 4  # continents
    assert {r[0] for r in cur.execute("select distinct type from sources").fetchall()} == {
        "applied", "referral", "agency", "sourced"}  # fmt: skip
    assert {r[0] for r in cur.execute("select distinct type from rejection_reasons").fetchall()} == {
        "we_rejected", "they_withdrew", "none_specified"}  # fmt: skip
    roles = dict(cur.execute("select role, count(*) from users group by 1").fetchall())
    assert set(roles) == {"recruiter", "coordinator", "hiring_manager", "interviewer", "admin"}
    assert scalar(cur, "select count(*) from users where not is_active") > 0
    jobs = dict(cur.execute("select status, count(*) from jobs group by 1").fetchall())
    assert set(jobs) == {"open", "closed", "draft"} and sum(jobs.values()) == 50
    plans = cur.execute(
        """select job_id, count(*), min(stage_order), max(stage_order),
                  arg_min(kind, stage_order), arg_max(kind, stage_order), count(distinct name)
           from job_stages group by 1"""
    ).fetchall()
    for _job, n, lo, hi, first, last, distinct in plans:
        assert 4 <= n <= 8 and lo == 1 and hi == n and first == "applied" and last == "offer" and distinct == n
    assert scalar(cur, "select count(distinct name) from job_stages where kind = 'screen'") >= 3
    per_job = dict(
        cur.execute(
            "select n, count(*) from (select job_id, count(*) as n from openings group by 1) group by 1"
        ).fetchall()
    )
    assert set(per_job) >= {1, 2}


def test_realism_features_present(world: World) -> None:
    cur = world.cursor()
    apps = scalar(cur, "select count(*) from applications")
    prospects = scalar(cur, "select count(*) from applications where is_prospect")
    assert 0.03 * apps < prospects < 0.08 * apps
    assert scalar(cur, "select count(*) from applications where is_prospect and job_id is null") > 0
    multi = scalar(cur, "select count(*) from (select candidate_id from applications group by 1 having count(*) > 1)")
    assert multi > 0.05 * scalar(cur, "select count(*) from candidates")
    moves = """
        select js.stage_order - lag(js.stage_order) over (partition by v.application_id order by v.entered_at) as d
        from application_stages v join job_stages js on js.id = v.job_stage_id"""
    assert scalar(cur, f"select count(*) from ({moves}) where d > 1") > 10  # skipped stages
    assert scalar(cur, f"select count(*) from ({moves}) where d < 0") > 3  # backward moves
    assert scalar(cur, "select count(*) from application_events where kind = 'unrejected'") > 5
    statuses = dict(
        cur.execute("select status, count(*) from applications where not is_prospect group by 1").fetchall()
    )
    assert statuses["active"] > 0.04 * apps and statuses["hired"] > 10
    offers = dict(cur.execute("select status, count(*) from offers group by 1").fetchall())
    assert {"accepted", "declined", "deprecated", "reneged"} <= set(offers)
    assert scalar(cur, "select count(*) from offers where version = 2") > 0
    # A reneged offer leaves its application rejected with a they_withdrew reason.
    assert (
        scalar(
            cur,
            """select count(*) from offers o join applications a on a.id = o.application_id
                          join rejection_reasons r on r.id = a.rejection_reason_id
                          where o.status = 'reneged' and a.status = 'rejected' and r.type = 'they_withdrew'""",
        )
        == offers["reneged"]
    )
    assert {"scheduled", "awaiting_feedback", "complete", "cancelled"} <= {
        r[0] for r in cur.execute("select distinct status from interviews").fetchall()}  # fmt: skip
    assert scalar(cur, "select count(*) from scorecards where submitted_at is null") > 0
    assert {"strong_no", "no", "yes", "strong_yes"} <= {
        r[0] for r in cur.execute("select distinct recommendation from scorecards").fetchall()}  # fmt: skip
    # Timestamps have seconds and visits cross day boundaries.
    assert scalar(cur, "select count(*) from application_stages where second(entered_at) <> 0") > 100
    assert scalar(cur, "select count(*) from application_stages where exited_at::date > entered_at::date") > 100
    assert scalar(cur, "select count(*) from attachments where type = 'cover_letter'") > 0
    assert (
        scalar(
            cur,
            "select count(*) from applications a where not is_prospect and not exists "
            "(select 1 from attachments t where t.application_id = a.id and t.type = 'resume')",
        )
        == 0
    )


def test_self_id_rates(world: World) -> None:
    cur = world.cursor()
    real = scalar(cur, "select count(*) from applications where not is_prospect")
    rows = scalar(cur, "select count(*) from demographics")
    assert 0.70 < rows / real < 0.80
    rate = lambda sql: scalar(cur, f"select avg(({sql})::int) from demographics")  # noqa: E731
    assert 0.05 < rate("gender = 'declined'") < 0.12
    assert 0.08 < rate("races = ['declined']") < 0.16
    assert 0.07 < rate("veteran_status = 'declined'") < 0.14
    assert 0.11 < rate("disability_status = 'declined'") < 0.20
    assert 0.02 < rate("len(races) >= 2") < 0.07
    assert 0.35 < rate("gender = 'female'") < 0.50


def test_planted_adverse_impact(world: World) -> None:
    truth = world.ground_truth()
    ratio = truth.impact_ratio("gender", "female", "screen")
    assert ratio is not None and abs(ratio - 0.6) <= 0.1
    # Other stages are untouched by the bias.
    assert abs(truth.impact_ratio("gender", "female", "applied") - 1.0) < 0.2
    unbiased = World.generate(WorldConfig(adverse_impact=None))
    try:
        ratio = unbiased.ground_truth().impact_ratio("gender", "female", "screen")
        assert 0.8 < ratio < 1.25
    finally:
        unbiased.close()


def test_planted_race_impact() -> None:
    w = World.generate(
        WorldConfig(adverse_impact=AdverseImpact(stage_kind="screen", dimension="race", group="black", ratio=0.5))
    )
    try:
        assert abs(w.ground_truth().impact_ratio("race", "black", "screen") - 0.5) <= 0.1
    finally:
        w.close()


def test_ground_truth_definitions(world: World) -> None:
    truth = world.ground_truth()
    cur = world.cursor()
    assert truth.applications + truth.prospects == scalar(cur, "select count(*) from applications")
    assert truth.hires == sum(truth.hires_by_job.values()) > 0
    kinds = {r["kind"]: r for r in truth.kind_reached}
    assert kinds["applied"]["reached_strict"] == truth.applications
    for row in truth.kind_reached:
        assert row["reached_imputed"] >= row["reached_strict"]
    for row in truth.stage_reached:
        assert row["reached_imputed"] >= row["reached_strict"]
    assert truth.offers_by_status["accepted"] == truth.hires
    assert 100 < truth.time_to_hire_hours["median"] < 24 * 120
    assert set(truth.time_to_hire_hours["by_job"]) == set(truth.hires_by_job)
    rows = truth.selection_by_group("race")
    assert {r["group"] for r in rows} >= {"white", "black", "asian", "hispanic_latino"}


# ---------------------------------------------------------------------------------------------------------------
# Time moves


def test_advance_changes_exactly_what_it_says(advanced) -> None:
    w, before, counts, _gt0, _gt1 = advanced
    cur = w.cursor()
    assert w.now == DEFAULT.now + timedelta(days=14)
    for key in ("new_applications", "stage_moves", "rejections", "candidate_updates", "deleted_applications",
                "deleted_candidates", "merged_candidates", "anonymized_candidates"):  # fmt: skip
        assert counts[key] > 0, key
    old = DEFAULT.now
    for table in TABLES:
        key = "application_id" if table == "demographics" else "id"
        cols = {
            r[0]
            for r in cur.execute(
                f"select column_name from information_schema.columns where table_name = '{table}'"
            ).fetchall()
        }
        stamp = "updated_at" if "updated_at" in cols else "coalesce(deleted_at, occurred_at)"
        rows = cur.execute(f"select {key}, t::varchar, {stamp} from {table} t").fetchall()
        for rid, text, ts in rows:
            prior = before[table].get(rid)
            if prior is None:
                assert ts > old, (table, rid, "new row stamped before the move")
            elif prior != text:
                assert old < ts <= w.now, (table, rid, "changed row without a new updated_at")
            # an unchanged row is identical, so its updated_at is unchanged


def test_advance_keeps_invariants(advanced) -> None:
    w, *_ = advanced
    assert violations(w.cursor()) == {}


def test_advance_deletes_merges_anonymizes(advanced) -> None:
    w, _before, counts, gt0, gt1 = advanced
    cur = w.cursor()
    merged = cur.execute("select id, merged_into_id from candidates where merged_into_id is not null").fetchall()
    assert len(merged) == counts["merged_candidates"]
    for dup, keep in merged:
        assert (
            scalar(cur, "select count(*) from applications where candidate_id = ? and deleted_at is null", [dup]) == 0
        )
        assert scalar(cur, "select deleted_at is null and merged_into_id is null from candidates where id = ?", [keep])
    anon = cur.execute("select id from candidates where anonymized_at is not null").fetchall()
    assert len(anon) == counts["anonymized_candidates"]
    for (cid,) in anon:
        pii = "select first_name, last_name, email, phone from candidates where id = ?"
        assert cur.execute(pii, [cid]).fetchone() == (
            None, None, None, None)  # fmt: skip
        for table in ("candidate_educations", "candidate_employments", "attachments"):
            assert (
                scalar(cur, f"select count(*) from {table} where candidate_id = ? and deleted_at is null", [cid]) == 0
            )
    deleted_apps = scalar(cur, "select count(*) from applications where deleted_at is not null")
    assert deleted_apps == counts["deleted_applications"]
    new_real = scalar(cur, "select count(*) from applications where created_at > ? and not is_prospect", [DEFAULT.now])
    gone_real = scalar(cur, "select count(*) from applications where deleted_at is not null and not is_prospect")
    assert gt1.applications == gt0.applications + new_real - gone_real
    assert gt1.counts["candidates"] == gt0.counts["candidates"] + counts["new_candidates"] - counts[
        "merged_candidates"] - counts["deleted_candidates"]  # fmt: skip


def test_advance_is_deterministic(advanced) -> None:
    w, *_ = advanced
    other = World.generate(DEFAULT)
    try:
        other.advance(14)
        assert table_hashes(other.cursor()) == table_hashes(w.cursor())
    finally:
        other.close()


def test_readers_during_advance() -> None:
    w = World.generate(WorldConfig(applications=500))
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                cur = w.cursor()  # a cursor per request, as the emulators do
                total = scalar(cur, "select count(*) from applications")
                assert total >= 500
                cur.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            w.advance(3)
    finally:
        stop.set()
        for t in threads:
            t.join()
        w.close()
    assert not errors


def test_open_round_trips_a_file_world(tmp_path: Path) -> None:
    path = tmp_path / "world.duckdb"
    config = WorldConfig(seed=5, applications=400, history_days=200)
    w = World.generate(config, path)
    hashes = table_hashes(w.cursor())
    w.close()
    with pytest.raises(FileExistsError):
        World.generate(config, path)
    w = World.open(path)
    assert w.config == config and w.now == config.now
    assert table_hashes(w.cursor()) == hashes
    w.advance(5)
    w.close()
    w = World.open(path)
    assert w.now == config.now + timedelta(days=5) and w.step == 1
    assert violations(w.cursor()) == {}
    w.close()
