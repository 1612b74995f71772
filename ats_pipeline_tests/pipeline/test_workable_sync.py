"""Workable SPI v3 end to end: the dlt source over real HTTP against the emulator, into a real DuckDB file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from ats_pipeline.config import parse_config
from ats_pipeline.errors import explain
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, FaultSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.workable import ids
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sources.registry import vendors
from ats_pipeline.sources.workable import resources as workable_resources
from ats_pipeline.sources.workable.settings import RESOURCES, WorkableOptions
from ats_pipeline.sync import sync_connection
from ats_pipeline_tests.conftest import fast_emulator_settings, make_config, query, table_count

INCREMENTAL = ("candidates", "activities", "job_stages")
PER_PARENT = (
    "/spi/v3/candidates/",
    "/spi/v3/jobs/",
)  # profiles, job activities and job stages (lists: /candidates, /jobs)


def workable_candidates(world: Any) -> list[tuple[int, datetime]]:
    """(application id, Workable updated_at) of what Workable lists as candidates: applications to a job."""
    with world.cursor() as cur:
        return cur.execute(
            """select a.id, greatest(a.updated_at, c.updated_at) from applications a
               join candidates c on c.id = a.candidate_id
               where a.deleted_at is null and a.job_id is not null order by a.id"""
        ).fetchall()


def visible_events(world: Any, where: str = "true") -> list[tuple[int, int]]:
    """(event id, job id) of the activities Workable shows."""
    with world.cursor() as cur:
        return cur.execute(
            f"""select e.id, a.job_id from application_events e join applications a on a.id = e.application_id
                where e.deleted_at is null and a.deleted_at is null and a.job_id is not null and {where}"""
        ).fetchall()


def per_parent_requests(box: Sandbox) -> list[str]:
    return [e.path for e in box.emulators["workable"].request_log if e.path.startswith(PER_PARENT)]


def stored_ids(config: Any, table: str) -> set[str]:
    return {r[0] for r in query(config, f"select id from raw_workable.{table}")}


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox) -> tuple[Any, Any, dict[str, int]]:
    """One full sync, shared by the tests that inspect it (in file order; later tests advance the world)."""
    config = make_config(tmp_path_factory.mktemp("full"), vendor="workable", concurrency=16)
    sandbox.emulators["workable"].request_log.clear()
    seen: dict[str, int] = {}

    def progress(connection: str, table: str, rows: int) -> None:
        assert connection == "workable"
        seen[table] = seen.get(table, 0) + rows

    result = sync_connection(config, config.connections[0], sandbox.endpoints(), progress=progress)
    return config, result, seen


# --- full sync -----------------------------------------------------------------------------------------------------


def test_the_registry_and_options(synced: Any) -> None:
    spec = vendors()["workable"]
    assert spec.options_model is WorkableOptions and tuple(spec.resources) == RESOURCES
    assert spec.restricted_resources == ()  # Workable exposes no EEO data
    with pytest.raises(ValueError, match="subdomain"):
        WorkableOptions()
    assert WorkableOptions(subdomain="acme").api_url() == "https://acme.workable.com/spi/v3"
    with pytest.raises(ValueError, match="environment variable name"):
        WorkableOptions(subdomain="acme", token_env="not a name!")


def test_full_sync_counts_equal_the_world(synced: Any, world: World) -> None:
    config, result, seen = synced
    candidates = workable_candidates(world)
    assert table_count(config, "raw_workable.candidates") == len(candidates)
    assert stored_ids(config, "candidates") == {ids.CANDIDATES.encode(a) for a, _ in candidates}
    events = visible_events(world)
    assert stored_ids(config, "activities") == {ids.ACTIVITIES.encode(e) for e, _ in events}
    with world.cursor() as cur:
        truth = {t: cur.execute(f"select count(*) from {t}").fetchone()[0] for t in ("users", "rejection_reasons")}
        truth["jobs"] = cur.execute("select count(*) from jobs where deleted_at is null").fetchone()[0]
        stage_names = cur.execute("select count(distinct name) from job_stages").fetchone()[0]
    assert table_count(config, "raw_workable.jobs") == truth["jobs"]
    assert table_count(config, "raw_workable.members") == truth["users"]
    assert table_count(config, "raw_workable.disqualification_reasons") == truth["rejection_reasons"]
    assert table_count(config, "raw_workable.stages") == stage_names + 1  # + Hired
    with world.cursor() as cur:
        jobs = "select distinct job_id from applications where deleted_at is null and job_id is not null"
        plans = cur.execute(f"select count(*) from job_stages where job_id in ({jobs})").fetchone()[0]
        jobs_with_candidates = cur.execute(f"select count(*) from ({jobs})").fetchone()[0]
    # each job's own pipeline (for the jobs with candidates), ending in Hired
    assert table_count(config, "raw_workable.job_stages") == plans + jobs_with_candidates
    for table in RESOURCES:  # merge/replace on id: never a duplicate
        assert query(config, f"select count(*) - count(distinct id) from raw_workable.{table}")[0][0] == 0, table
    # profiles: education and experience arrive as nested tables
    with world.cursor() as cur:
        entries = cur.execute(
            """select count(*) from candidate_educations x join applications a on a.candidate_id = x.candidate_id
               where x.deleted_at is null and a.deleted_at is null and a.job_id is not null"""
        ).fetchone()[0]
    assert table_count(config, "raw_workable.candidates__education_entries") == entries
    # progress was reported per resource as pages arrived
    assert seen["candidates"] == len(candidates) and seen["activities"] == len(events)
    assert set(seen) >= {"jobs", "members", "stages", "disqualification_reasons"}
    assert result.rows["raw_workable.candidates"] == len(candidates)


def test_per_parent_requests_one_per_candidate_and_per_job(synced: Any, sandbox: Sandbox, world: World) -> None:
    # the fixture's log was cleared before the full sync and nothing else ran on this emulator since
    paths = per_parent_requests(sandbox)
    profiles = [p for p in paths if p.startswith("/spi/v3/candidates/")]
    activity_pages = [p for p in paths if p.endswith("/activities")]
    assert len(profiles) == len(set(profiles)) == len(workable_candidates(world))
    jobs_with_candidates = {job for _, job in visible_events(world)}
    assert {p.split("/")[4] for p in activity_pages} == {ids.shortcode(j) for j in jobs_with_candidates}
    stage_lists = [p.split("/")[4] for p in paths if p.endswith("/stages")]
    assert sorted(stage_lists) == sorted({ids.shortcode(j) for j in jobs_with_candidates})  # one per job


def test_no_self_id_data_and_no_restricted_dataset(synced: Any) -> None:
    config, _, _ = synced
    schemas = {r[0] for r in query(config, "select schema_name from information_schema.schemata")}
    assert "raw_workable" in schemas and "raw_workable_restricted" not in schemas
    columns = [c for (c,) in query(config, "select column_name from information_schema.columns")]
    assert not [c for c in columns if any(w in c for w in ("gender", "race", "veteran", "disability"))]


def test_activities_carry_no_copy_of_the_candidate_name(synced: Any) -> None:
    config, _, _ = synced
    columns = {
        c
        for (c,) in query(
            config,
            "select column_name from information_schema.columns "
            "where table_schema = 'raw_workable' and table_name = 'activities'",
        )
    }
    assert {"candidate__id", "job_shortcode", "action", "target_stage__name", "created_at"} <= columns
    assert "candidate__name" not in columns


def test_sampled_records_match_the_api_field_by_field(synced: Any, sandbox: Sandbox) -> None:
    config, _, _ = synced
    endpoint = sandbox.endpoints()["workable"]
    http = httpx.Client(headers={"Authorization": f"Bearer {endpoint['token']}"}, base_url=endpoint["base_url"])
    sample = [r[0] for r in query(config, "select id from raw_workable.candidates using sample 6 rows (reservoir, 1)")]
    records = [("candidates", http.get(f"/candidates/{cid}").json()["candidate"]) for cid in sample]
    code = query(config, "select shortcode from raw_workable.jobs limit 1")[0][0]
    records += [
        ("activities", a) for a in http.get(f"/jobs/{code}/activities", params={"limit": 5}).json()["activities"]
    ]
    records += [("jobs", j) for j in http.get("/jobs", params={"limit": 3}).json()["jobs"]]
    with duckdb.connect(str(config.warehouse_path)) as con:
        for table, record in records:
            row = con.execute(f"select * from raw_workable.{table} where id = ?", [record["id"]]).fetchone()
            assert row is not None, (table, record["id"])
            stored = dict(zip([d[0] for d in con.description], row, strict=True))
            for key, value in _flatten(record).items():
                if value is None or key not in stored or key == "candidate__name":
                    continue  # lists live in nested tables; nulls may not materialize a column
                got = stored[key]
                if isinstance(got, datetime):
                    value = datetime.fromisoformat(value.replace("Z", "+00:00"))
                    got = got.astimezone(UTC)
                assert got == value, f"{table}.{key} of {record['id']}"
    http.close()


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}__"))
        elif not isinstance(value, list):
            flat[f"{prefix}{key}"] = value
    return flat


# --- incremental ---------------------------------------------------------------------------------------------------


def test_no_change_sync_loads_nothing_and_makes_no_per_parent_requests(synced: Any, sandbox: Sandbox) -> None:
    config, _, _ = synced
    sandbox.emulators["workable"].request_log.clear()
    result = sync_connection(config, config.connections[0], sandbox.endpoints())
    for resource in INCREMENTAL:
        assert result.rows.get(f"raw_workable.{resource}", 0) == 0, resource
    assert per_parent_requests(sandbox) == []
    lists = [e for e in sandbox.emulators["workable"].request_log if e.path == "/spi/v3/candidates"]
    assert len(lists) == 1 and "updated_after=" in lists[0].query_string  # the stored cursor went on the request
    assert len(sandbox.emulators["workable"].request_log) == 5  # jobs, stages, members, reasons, candidates


def test_after_the_world_advances_exactly_the_changes_arrive(synced: Any, sandbox: Sandbox, world: World) -> None:
    config, _, _ = synced
    before_now = world.now
    before_events = max(e for e, _ in visible_events(world))
    changes = world.advance(10)
    assert changes["new_applications"] and changes["anonymized_candidates"] and changes["merged_candidates"]
    sandbox.emulators["workable"].request_log.clear()
    result = sync_connection(config, config.connections[0], sandbox.endpoints())

    changed = [a for a, updated in workable_candidates(world) if updated > before_now]
    new_events = visible_events(world, f"e.id > {before_events}")
    assert result.rows["raw_workable.candidates"] == len(changed)
    assert result.rows["raw_workable.activities"] == len(new_events)
    # per-parent requests only for what changed: one profile per changed candidate, one page per changed job
    paths = per_parent_requests(sandbox)
    assert sorted(p for p in paths if not p.endswith(("/activities", "/stages"))) == sorted(
        f"/spi/v3/candidates/{ids.CANDIDATES.encode(a)}" for a in changed
    )
    with world.cursor() as cur:
        jobs = {r[0] for r in cur.execute(f"select distinct job_id from applications where id in ({','.join(map(str, changed))})").fetchall()}  # fmt: skip
    assert sorted(p for p in paths if p.endswith("/activities")) == sorted(
        f"/spi/v3/jobs/{ids.shortcode(j)}/activities" for j in jobs
    )
    since = [e.query_string for e in sandbox.emulators["workable"].request_log if e.path.endswith("/activities")]
    assert all("since_id=" in q for q in since)

    # every listed candidate is now in the warehouse with its current updated_at
    stored = dict(query(config, "select id, updated_at from raw_workable.candidates"))
    for app_id, updated in workable_candidates(world):
        assert stored[ids.CANDIDATES.encode(app_id)].astimezone(UTC).replace(tzinfo=None) == updated
    # anonymized people: their candidates arrive as updates with the personal fields emptied
    with world.cursor() as cur:
        anonymized = cur.execute(
            """select a.id from applications a join candidates c on c.id = a.candidate_id
               where c.anonymized_at > ? and a.deleted_at is null and a.job_id is not null""",
            [before_now],
        ).fetchall()
        merged = cur.execute(
            """select a.id, s.email from candidates d join candidates s on s.id = d.merged_into_id
               join applications a on a.candidate_id = s.id
               where d.deleted_at > ? and a.deleted_at is null and a.job_id is not null""",
            [before_now],
        ).fetchall()
    assert anonymized and merged
    for (app_id,) in anonymized:
        cid = ids.CANDIDATES.encode(app_id)
        name, email = query(config, f"select name, email from raw_workable.candidates where id = '{cid}'")[0]
        assert name is None and email is None
        entries = query(
            config,
            "select count(*) from raw_workable.candidates__education_entries e join raw_workable.candidates c "
            f"on e._dlt_root_id = c._dlt_id where c.id = '{cid}'",
        )[0][0]
        assert entries == 0
    for app_id, email in merged:  # applications moved to the surviving person show that person
        cid = ids.CANDIDATES.encode(app_id)
        assert query(config, f"select email from raw_workable.candidates where id = '{cid}'")[0][0] == email


def test_reconciliation_removes_deleted_records(synced: Any, sandbox: Sandbox, world: World) -> None:
    config, _, _ = synced
    changes = world.advance(20)
    assert changes["deleted_applications"] + changes["deleted_candidates"] > 0
    held = stored_ids(config, "candidates"), stored_ids(config, "activities")
    live = {ids.CANDIDATES.encode(a) for a, _ in workable_candidates(world)}
    live_activities = {ids.ACTIVITIES.encode(e) for e, _ in visible_events(world)}
    assert held[0] - live and held[1] - live_activities  # the warehouse holds records the API no longer lists
    result = sync_connection(config, config.connections[0], sandbox.endpoints(), reconcile=True)
    assert result.rows["raw_workable.candidates"] == len(held[0] - live)
    assert stored_ids(config, "candidates") == held[0] & live
    assert stored_ids(config, "activities") == held[1] & live_activities
    # nested rows of deleted candidates went with them
    orphans = query(
        config,
        "select count(*) from raw_workable.candidates__experience_entries e "
        "left join raw_workable.candidates c on e._dlt_root_id = c._dlt_id where c._dlt_id is null",
    )[0][0]
    assert orphans == 0
    # a second reconciliation finds nothing more to delete
    result = sync_connection(config, config.connections[0], sandbox.endpoints(), reconcile=True)
    assert sum(result.rows.values()) == 0


# --- limits, faults, credentials -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_world() -> Iterator[World]:
    world = World.generate(WorldConfig(seed=5, applications=60))
    yield world
    world.close()


def test_per_parent_fan_out_is_paced_by_the_servers_headers(tmp_path: Path, small_world: World) -> None:
    # The connection is configured far above the server's limit: the X-Rate-Limit-* headers must bring it down to
    # the server's 30 per second, and it must use that ceiling (concurrent fan-out), not crawl below it.
    # Every response takes 200 ms: only concurrent per-parent requests can reach the ceiling.
    settings = EmulatorSettings(rate_limit=RateLimitSettings(limit=30, window_seconds=1), latency_ms=200)
    config = make_config(tmp_path, vendor="workable", rate_limit={"requests": 1000, "per_seconds": 1}, concurrency=8)
    with Sandbox(small_world, vendors=["workable"], settings={"workable": settings}) as box:
        started = time.monotonic()
        result = sync_connection(config, config.connections[0], box.endpoints())
        elapsed = time.monotonic() - started
        log = box.emulators["workable"].request_log
        statuses, span = log.statuses(), log.span_seconds()
    assert 429 not in statuses and result.requests["throttled"] == 0  # the ceiling is never exceeded
    requests = len(statuses)
    assert requests > 60
    assert elapsed >= (requests - 30) / 30 * 0.95  # ... and it is respected
    # ... and used: close to 30 per second, timed on the server from the first request to the last (dlt's
    # normalize and load, CPU-bound and slow on a busy machine, are not requests).
    assert span <= requests / 30 * 1.6 + 3
    assert span < requests * 0.2  # one at a time, 200 ms each, would take longer
    assert table_count(config, "raw_workable.candidates") == len(workable_candidates(small_world))


def test_per_parent_fan_outs_run_one_at_a_time(
    tmp_path: Path, small_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each fan-out is concurrent inside; two at once would hold two batches of records alive, and with dlt's
    # default round robin up to 20 ran at once, so memory grew with the account (sync.NEXT_ITEM_MODE).
    real, active, peak, started = workable_resources.fan_out, 0, 0, 0

    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        nonlocal active, peak, started
        started, active = started + 1, active + 1
        peak = max(peak, active)
        try:
            yield from real(*args, **kwargs)
        finally:
            active -= 1

    monkeypatch.setattr(workable_resources, "fan_out", counted)
    config = make_config(tmp_path, vendor="workable", concurrency=8)
    with Sandbox(small_world, vendors=["workable"], settings=fast_emulator_settings()) as box:
        sync_connection(config, config.connections[0], box.endpoints())
    assert started >= 3  # profiles, job stages and activities of the changed candidates' jobs
    assert peak == 1
    assert table_count(config, "raw_workable.activities") == len(visible_events(small_world))


def test_429_storm_and_5xx_are_survived_without_loss_or_duplicates(tmp_path: Path, small_world: World) -> None:
    # Besides our own quota (which the client paces itself to), another client drains the shared one, so a share
    # of requests is answered 429; and the server fails or drops some.
    settings = EmulatorSettings(
        rate_limit=RateLimitSettings(limit=40, window_seconds=1),
        faults=FaultSettings(throttle_rate=0.03, error_rate=0.08, reset_rate=0.04),
        seed=3,
    )
    config = make_config(tmp_path, vendor="workable", max_attempts=12)
    with Sandbox(small_world, vendors=["workable"], settings={"workable": settings}) as box:
        result = sync_connection(config, config.connections[0], box.endpoints())
        statuses = box.emulators["workable"].request_log.statuses()
    assert statuses.count(429) > 0 and any(s >= 500 for s in statuses) and statuses.count(0) > 0
    assert result.requests["throttled"] > 0 and result.requests["retries"] > 0
    assert stored_ids(config, "candidates") == {ids.CANDIDATES.encode(a) for a, _ in workable_candidates(small_world)}
    assert stored_ids(config, "activities") == {ids.ACTIVITIES.encode(e) for e, _ in visible_events(small_world)}
    for table in RESOURCES:
        assert query(config, f"select count(*) - count(distinct id) from raw_workable.{table}")[0][0] == 0


def test_wrong_token_fails_fast_naming_the_connection(tmp_path: Path, sandbox: Sandbox) -> None:
    config = make_config(tmp_path, vendor="workable")
    endpoints = sandbox.endpoints()
    endpoints["workable"] = {**endpoints["workable"], "token": "definitely-wrong-token"}
    sandbox.emulators["workable"].request_log.clear()
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        sync_connection(config, config.connections[0], endpoints)
    elapsed = time.monotonic() - started
    message = explain(failure.value)
    assert "'workable'" in message and "401" in message and "Not authorized" in message
    assert "definitely-wrong-token" not in message
    paths = [e.path for e in sandbox.emulators["workable"].request_log]
    assert paths and len(paths) == len(set(paths))  # no retries on 401
    assert set(sandbox.emulators["workable"].request_log.statuses()) == {401}
    assert elapsed < 5


def test_two_connections_side_by_side_and_a_future_cursor(tmp_path: Path, small_world: World) -> None:
    settings = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))
    options = {"sandbox": True, "rate_limit": {"requests": 10_000, "per_seconds": 1}}
    raw = {
        "warehouse": {"path": str(tmp_path / "warehouse.duckdb"), "publish_dir": str(tmp_path / "published")},
        "connections": [
            {"name": "wk_eu", "vendor": "workable", "options": options},
            {"name": "wk_us", "vendor": "workable", "options": {**options, "start_date": "2100-01-01T00:00:00Z"}},
        ],
    }
    config = parse_config(raw, source="test", base_dir=tmp_path)
    eu, us = config.connections
    with Sandbox(small_world, vendors=["workable"], settings={"workable": settings}) as box:
        log = box.emulators["workable"].request_log
        sync_connection(config, eu, box.endpoints())
        log.clear()
        future = sync_connection(config, us, box.endpoints())
        for resource in INCREMENTAL:  # a cursor in the future loads nothing and asks for no profile or history
            assert future.rows.get(f"raw_wk_us.{resource}", 0) == 0, resource
        assert per_parent_requests(box) == []
        [listing] = [e for e in log if e.path == "/spi/v3/candidates"]
        assert "updated_after=2100-01-01T00%3A00%3A00Z" in listing.query_string
        log.clear()
        again = sync_connection(config, eu, box.endpoints())
        assert per_parent_requests(box) == []  # eu keeps its own cursor and marks, untouched by us
    assert again.rows.get("raw_wk_eu.candidates", 0) == 0
    expected = len(workable_candidates(small_world))
    assert query(config, "select count(*) from raw_wk_eu.candidates")[0][0] == expected
    tables = {r[0] for r in query(config, "select table_name from information_schema.tables where table_schema = 'raw_wk_us'")}  # fmt: skip
    assert "candidates" not in tables and "jobs" in tables


def test_without_profiles_candidates_keep_the_list_shape_and_cost_no_per_candidate_request(
    tmp_path: Path, small_world: World
) -> None:
    settings = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))
    config = make_config(tmp_path, vendor="workable", candidate_profiles=False)
    with Sandbox(small_world, vendors=["workable"], settings={"workable": settings}) as box:
        sync_connection(config, config.connections[0], box.endpoints())
        paths = per_parent_requests(box)
    assert paths and all(p.endswith(("/activities", "/stages")) for p in paths)  # job activities and stages only
    assert stored_ids(config, "candidates") == {ids.CANDIDATES.encode(a) for a, _ in workable_candidates(small_world)}
    columns = {c for (c,) in query(config, "select column_name from information_schema.columns "
                                           "where table_schema = 'raw_workable' and table_name = 'candidates'")}  # fmt: skip
    assert "disqualified" in columns and "disqualified_at" not in columns
