"""Ashby end to end: the dlt source over real HTTP against the emulator, into a real DuckDB file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from dlt.common.normalizers.naming.snake_case import NamingConvention

from ats_pipeline.config import parse_config
from ats_pipeline.errors import explain
from ats_pipeline.http import InvalidRequestError
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, FaultSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.ashby import AshbyEmulator
from ats_pipeline.sandbox.emulators.ashby.ids import uid
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sources.ashby.client import AshbyClient, AshbyRequestError
from ats_pipeline.sources.ashby.settings import SYNC_ENDPOINTS, AshbyOptions
from ats_pipeline.sync import build_sources, pipeline_for, sync_connection
from ats_pipeline_tests.conftest import make_config, query, table_count

SYNCED = [e.name for e in SYNC_ENDPOINTS]
PER_PARENT = ("application_history", "interview_stages")
FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))

# Ashby resource -> SQL over the world listing the world ids it renders (the emulator's own definitions).
EXPECTED = {
    "departments": "select id from departments",
    "locations": "select id from offices",
    "sources": "select id from sources",
    "archive_reasons": "select id from rejection_reasons",
    "interview_plans": "select id from jobs where deleted_at is null",
    "interview_stages": "select s.id from job_stages s join jobs j on j.id = s.job_id where j.deleted_at is null",
    "users": "select id from users",
    "jobs": "select id from jobs where deleted_at is null",
    "candidates": "select id from candidates where deleted_at is null",
    "applications": "select id from applications where deleted_at is null",
    "application_history": "select id from application_stages where deleted_at is null",
    "application_feedback": "select id from scorecards where deleted_at is null and submitted_at is not null",
    "interview_schedules": "select id from interviews where deleted_at is null",
    "offers": "select distinct application_id from offers where deleted_at is null",
}
KIND = {
    "departments": "department",
    "locations": "location",
    "sources": "source",
    "archive_reasons": "archive_reason",
    "interview_plans": "interview_plan",
    "interview_stages": "interview_stage",
    "users": "user",
    "jobs": "job",
    "candidates": "candidate",
    "applications": "application",
    "application_history": "application_history",
    "application_feedback": "feedback",
    "interview_schedules": "interview_schedule",
    "offers": "offer",
}
# What a sync-token delta holds after a time move: records whose rendered content changed after `before` (?).
CHANGED = {
    "candidates": "select count(*) from candidates where deleted_at is null and updated_at > $t",
    "applications": """select count(*) from applications a join candidates c on c.id = a.candidate_id
                       where a.deleted_at is null and greatest(a.updated_at, c.updated_at) > $t""",
    "application_feedback": """select count(*) from scorecards where deleted_at is null and submitted_at is not null
                               and updated_at > $t""",
    "offers": """select count(*) from (select application_id from offers where deleted_at is null group by 1
                 having max(updated_at) > $t)""",
    "interview_schedules": """select count(*) from interviews i where i.deleted_at is null and (i.updated_at > $t
        or exists (select 1 from interview_interviewers p where p.interview_id = i.id and p.updated_at > $t)
        or exists (select 1 from scorecards s where s.interview_id = i.id and s.updated_at > $t))""",
    "jobs": "select count(*) from jobs where deleted_at is null and updated_at > $t",
    "users": "select count(*) from users where updated_at > $t",
}


def world_ids(world: Any, resource: str) -> set[str]:
    with world.cursor() as cur:
        return {uid(KIND[resource], r[0]) for r in cur.execute(EXPECTED[resource]).fetchall()}  # type: ignore[misc]


def stored_ids(config: Any, table: str) -> set[str]:
    return {r[0] for r in query(config, f"select id from raw_ashby.{table}")}


def requests_by_method(box: Sandbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in box.emulators["ashby"].request_log:
        counts[entry.path.lstrip("/")] = counts.get(entry.path.lstrip("/"), 0) + 1
    return counts


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Smaller than the shared 400-application world: every per-application request is one more round trip."""
    world = World.generate(WorldConfig(seed=1, applications=150))  # a seed whose time moves merge candidates
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["ashby"], settings={"ashby": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def small_world() -> Iterator[World]:
    world = World.generate(WorldConfig(seed=11, applications=60))
    yield world
    world.close()


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, box: Sandbox) -> tuple[Any, Any]:
    """One full sync, shared by the tests that inspect it (in file order; later tests advance the world)."""
    config = make_config(tmp_path_factory.mktemp("full"), vendor="ashby")
    box.emulators["ashby"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    return config, result


def test_full_sync_equals_the_world(synced: tuple[Any, Any], world: World) -> None:
    config, result = synced
    for resource in EXPECTED:
        assert stored_ids(config, resource) == world_ids(world, resource), resource
        dupes = query(config, f"select count(*) - count(distinct id) from raw_ashby.{resource}")[0][0]
        assert dupes == 0, resource
    truth = world.ground_truth().counts
    assert result.rows["raw_ashby.applications"] == truth["applications"]
    assert (
        table_count(config, "raw_ashby.interview_schedules__interview_events__interviewers")
        == (truth["interview_interviewers"])
    )
    # per-parent tables merge on the parent key alone (no `id OR parent` join, which grows with the table)
    tables = pipeline_for(config, "raw_ashby").default_schema.tables
    for table in PER_PARENT:
        assert not any(c.get("primary_key") for c in tables[table]["columns"].values()), table
    # no EEO data in Ashby's API: no restricted dataset at all
    schemas = {r[0] for r in query(config, "select schema_name from information_schema.schemata")}
    assert "raw_ashby_restricted" not in schemas


def _flatten(record: dict[str, Any], naming: NamingConvention, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = prefix + naming.normalize_identifier(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, naming, name + "__"))
        elif not isinstance(value, list):
            flat[name] = value
    return flat


def test_sampled_records_match_the_api_field_by_field(synced: tuple[Any, Any], box: Sandbox) -> None:
    config, _ = synced
    endpoint = box.endpoints()["ashby"]
    naming = NamingConvention()
    methods = {e.name: e.method for e in SYNC_ENDPOINTS}
    with httpx.Client(base_url=endpoint["base_url"], auth=(endpoint["api_key"], "")) as http:
        for resource in ("applications", "candidates", "offers", "interview_schedules", "application_feedback", "jobs"):
            api: dict[str, dict[str, Any]] = {}
            body: dict[str, Any] = {"status": ["Draft", "Open", "Closed", "Archived"]} if resource == "jobs" else {}
            while True:
                page = http.post(f"/{methods[resource]}", json=body).json()
                api.update({r["id"]: r for r in page["results"]})
                if not page["moreDataAvailable"]:
                    break
                body = {**body, "cursor": page["nextCursor"]}
            sample = [
                r[0] for r in query(config, f"select id from raw_ashby.{resource} using sample 5 rows (reservoir, 1)")
            ]
            with duckdb.connect(str(config.warehouse_path)) as con:
                for record_id in sample:
                    row = con.execute(f"select * from raw_ashby.{resource} where id = ?", [record_id]).fetchone()
                    stored = dict(zip([d[0] for d in con.description], row, strict=True))
                    for key, value in _flatten(api[record_id], naming).items():
                        if value is None or key not in stored:
                            continue  # null-only columns are not materialized
                        got = stored[key]
                        if isinstance(got, datetime):
                            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
                            got = got.astimezone(UTC)
                        assert got == value, f"{resource}.{key} of {record_id}"


def test_history_rows_carry_their_application(synced: tuple[Any, Any], world: World) -> None:
    config, _ = synced
    with world.cursor() as cur:
        pairs = {
            (uid("application_history", v), uid("application", a))
            for v, a in cur.execute(
                "select id, application_id from application_stages where deleted_at is null"
            ).fetchall()
        }
    assert set(query(config, "select id, application_id from raw_ashby.application_history")) == pairs


def test_no_change_sync_loads_nothing_and_makes_no_per_parent_requests(synced: tuple[Any, Any], box: Sandbox) -> None:
    config, _ = synced
    box.emulators["ashby"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    for resource in (*SYNCED, *PER_PARENT):
        assert result.rows.get(f"raw_ashby.{resource}", 0) == 0, resource
    requests = requests_by_method(box)
    assert "application.listHistory" not in requests and "interviewStage.list" not in requests
    assert all(requests[e.method] == 1 for e in SYNC_ENDPOINTS)
    # the sync tokens live in dlt state, committed with the load
    state = pipeline_for(config, "raw_ashby").state["sources"]["ashby"]["resources"]
    assert all(state[name]["sync_token"] for name in SYNCED)


def test_after_the_world_advances_exactly_the_changes_arrive(
    synced: tuple[Any, Any], box: Sandbox, world: World
) -> None:
    config, _ = synced
    before = world.now
    changes = world.advance(10)
    assert (
        changes.get("new_applications", 0)
        and changes.get("merged_candidates", 0)
        and changes.get("anonymized_candidates", 0)
    )
    box.emulators["ashby"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    with world.cursor() as cur:
        expected = {name: cur.execute(sql, {"t": before}).fetchone()[0] for name, sql in CHANGED.items()}
        changed_apps = expected["applications"]
        visits = cur.execute(
            """select count(*) from application_stages v join applications a on a.id = v.application_id
               join candidates c on c.id = a.candidate_id where v.deleted_at is null and a.deleted_at is null
               and greatest(a.updated_at, c.updated_at) > $t""",
            {"t": before},
        ).fetchone()[0]
        visible = cur.execute(
            "select a.id, a.updated_at, c.id from applications a join candidates c on c.id = a.candidate_id "
            "where a.deleted_at is null"
        ).fetchall()
        anonymized = [
            r[0] for r in cur.execute("select id from candidates where anonymized_at > $t", {"t": before}).fetchall()
        ]
    for name, count in expected.items():
        assert result.rows.get(f"raw_ashby.{name}", 0) == count, name
    # stage history: fetched for exactly the changed applications, all their visits re-read
    assert requests_by_method(box)["application.listHistory"] == changed_apps
    assert result.rows.get("raw_ashby.application_history", 0) == visits
    # every visible application is current: its updatedAt, and its candidate (merges move applications)
    stored = {r[0]: r[1:] for r in query(config, "select id, updated_at, candidate__id from raw_ashby.applications")}
    for app_id, updated_at, candidate_id in visible:
        at, candidate = stored[uid("application", app_id)]
        assert at.astimezone(UTC).replace(tzinfo=None) == updated_at
        assert candidate == uid("candidate", candidate_id)
    # anonymization reached the warehouse, in the candidate and in the copies applications embed
    for candidate_id in anonymized:
        ident = uid("candidate", candidate_id)
        assert query(config, f"select name from raw_ashby.candidates where id = '{ident}'") == [(None,)]
        assert query(config, f"select count(*) from raw_ashby.applications where candidate__id = '{ident}' "
                             "and candidate__name is not null") == [(0,)]  # fmt: skip


def test_reconciliation_removes_deleted_and_merged_records(synced: tuple[Any, Any], box: Sandbox, world: World) -> None:
    config, _ = synced
    changes = world.advance(20)
    assert changes.get("deleted_applications", 0) + changes.get("merged_candidates", 0) > 0
    sync_connection(config, config.connections[0], box.endpoints())
    sync_connection(config, config.connections[0], box.endpoints(), reconcile=True)
    for resource in ("candidates", "applications", "application_history", "application_feedback",
                     "interview_schedules", "offers", "jobs", "users"):  # fmt: skip
        assert stored_ids(config, resource) == world_ids(world, resource), resource
    with world.cursor() as cur:
        merged = [r[0] for r in cur.execute("select id from candidates where merged_into_id is not null").fetchall()]
    assert merged and not stored_ids(config, "candidates") & {uid("candidate", c) for c in merged}
    # nested rows of deleted records went with them
    for child, parent in (("candidates__email_addresses", "candidates"), ("applications__hiring_team", "applications"),
                          ("application_history__allowed_actions", "application_history")):  # fmt: skip
        orphans = query(
            config,
            f"select count(*) from raw_ashby.{child} x left join raw_ashby.{parent} p on x._dlt_root_id = p._dlt_id "
            "where p._dlt_id is null",
        )[0][0]
        assert orphans == 0, child
    result = sync_connection(config, config.connections[0], box.endpoints(), reconcile=True)
    assert sum(result.rows.values()) == 0


def test_an_expired_sync_token_falls_back_to_a_full_sync(
    synced: tuple[Any, Any], box: Sandbox, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    config, _ = synced
    emulator: AshbyEmulator = box.emulators["ashby"]  # type: ignore[assignment]
    saved = emulator.sync_token_ttl
    emulator.sync_token_ttl = timedelta(hours=1)
    try:
        world.advance(1)
        result = sync_connection(config, config.connections[0], box.endpoints())
    finally:
        emulator.sync_token_ttl = saved
    assert result.rows["raw_ashby.applications"] == len(world_ids(world, "applications"))
    assert result.rows["raw_ashby.candidates"] == len(world_ids(world, "candidates"))
    assert "sync token expired" in caplog.text
    # the fresh tokens work again: nothing changed since
    again = sync_connection(config, config.connections[0], box.endpoints())
    assert sum(again.rows.get(f"raw_ashby.{r}", 0) for r in (*SYNCED, *PER_PARENT)) == 0


def test_a_future_start_date_loads_nothing(tmp_path: Path, box: Sandbox) -> None:
    config = make_config(tmp_path, vendor="ashby", start_date="2100-01-01T00:00:00Z")
    box.emulators["ashby"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    for resource in (*SYNCED, "application_history"):
        assert result.rows.get(f"raw_ashby.{resource}", 0) == 0, resource
    assert "application.listHistory" not in requests_by_method(box)


def test_429_storm_and_5xx_are_survived_without_loss_or_duplicates(tmp_path: Path, small_world: World) -> None:
    # Besides our own quota (which the client paces itself to), another client drains the shared one, so a share
    # of requests is answered 429 + Retry-After; and the server fails or drops some.
    settings = EmulatorSettings(
        rate_limit=RateLimitSettings(kind="token_bucket", limit=150, window_seconds=1, burst=150),
        faults=FaultSettings(throttle_rate=0.05, error_rate=0.06, reset_rate=0.04),
        seed=3,
    )
    config = make_config(tmp_path, vendor="ashby", max_attempts=12, rate_limit={"requests": 150, "per_seconds": 1})
    with Sandbox(small_world, vendors=["ashby"], settings={"ashby": settings}) as sandbox:
        result = sync_connection(config, config.connections[0], sandbox.endpoints())
        statuses = [e.status for e in sandbox.emulators["ashby"].request_log]
    assert statuses.count(429) > 0 and any(s >= 500 for s in statuses) and statuses.count(0) > 0
    assert result.requests["throttled"] > 0 and result.requests["retries"] > 0
    for resource in EXPECTED:
        assert stored_ids(config, resource) == world_ids(small_world, resource), resource
        assert query(config, f"select count(*) - count(distinct id) from raw_ashby.{resource}")[0][0] == 0


def test_fan_out_is_concurrent_and_paced_inside_the_limit(tmp_path: Path, world: World) -> None:
    limit, latency_ms = 50, 60
    settings = EmulatorSettings(
        rate_limit=RateLimitSettings(kind="token_bucket", limit=limit, window_seconds=1, burst=limit),
        latency_ms=latency_ms,
    )
    config = make_config(tmp_path, vendor="ashby", rate_limit={"requests": limit, "per_seconds": 1}, concurrency=8)
    with Sandbox(world, vendors=["ashby"], settings={"ashby": settings}) as sandbox:
        source = build_sources(config.connections[0], sandbox.endpoints()).sources["raw_ashby"]
        started = time.monotonic()
        pipeline_for(config, "raw_ashby").extract(source.with_resources("applications", "application_history"))
        elapsed = time.monotonic() - started
        log = sandbox.emulators["ashby"].request_log
        statuses = [e.status for e in log]
        history = len(log.requests_for("/application.listHistory"))
    assert history == len(world_ids(world, "applications")) and 429 not in statuses  # the limit is never exceeded
    sequential = len(statuses) * latency_ms / 1000
    paced = (len(statuses) - limit) / limit
    assert paced * 0.9 <= elapsed < sequential * 0.75  # concurrent, as fast as the limit allows but no faster


def test_wrong_or_deactivated_keys_fail_fast_naming_the_connection(tmp_path: Path, box: Sandbox) -> None:
    config = make_config(tmp_path, vendor="ashby")
    for key in ("definitely-wrong-api-key", box.endpoints()["ashby"]["deactivated_api_key"]):
        endpoints = box.endpoints()
        endpoints["ashby"] = {**endpoints["ashby"], "api_key": key}
        box.emulators["ashby"].request_log.clear()
        started = time.monotonic()
        with pytest.raises(Exception) as failure:
            sync_connection(config, config.connections[0], endpoints)
        message = explain(failure.value)
        assert "'ashby'" in message and "403" in message and "POST /" in message
        assert key not in message
        assert len(box.emulators["ashby"].request_log) == 1  # no retries on 403
        assert time.monotonic() - started < 5


def test_a_key_without_a_module_permission_fails_naming_the_endpoint(tmp_path: Path, box: Sandbox) -> None:
    config = make_config(tmp_path, vendor="ashby")
    endpoints = box.endpoints()
    endpoints["ashby"] = {**endpoints["ashby"], "api_key": endpoints["ashby"]["limited_api_key"]}
    with pytest.raises(Exception) as failure:
        sync_connection(config, config.connections[0], endpoints)
    message = explain(failure.value)
    assert "/offer.list" in message and "missing_endpoint_permission" in message


def test_success_false_raises_an_api_error_naming_connection_and_endpoint(box: Sandbox) -> None:
    endpoint = box.endpoints()["ashby"]
    client = AshbyClient(connection="ashby_eu", base_url=endpoint["base_url"], api_key=endpoint["api_key"],
                         options=AshbyOptions(sandbox=True))  # fmt: skip
    box.emulators["ashby"].request_log.clear()
    with pytest.raises(AshbyRequestError) as failure:
        client.call("interviewStage.list", {})
    assert isinstance(failure.value, InvalidRequestError)
    assert str(failure.value).startswith("ashby connection 'ashby_eu': POST /interviewStage.list was refused")
    assert "invalid_input" in str(failure.value)
    assert box.emulators["ashby"].request_log.statuses() == [200]  # HTTP 200, not retried
    client.close()


def test_two_connections_load_side_by_side(tmp_path: Path, small_world: World) -> None:
    with Sandbox(small_world, vendors=["ashby"], settings={"ashby": FAST.model_copy(deep=True)}) as sandbox:
        options = {"sandbox": True, "rate_limit": {"requests": 10_000, "per_seconds": 1}}
        raw = {
            "warehouse": {"path": str(tmp_path / "warehouse.duckdb"), "publish_dir": str(tmp_path / "published")},
            "connections": [{"name": n, "vendor": "ashby", "options": options} for n in ("ashby_us", "ashby_eu")],
        }
        config = parse_config(raw, source="test", base_dir=tmp_path)
        for connection in config.connections:
            sync_connection(config, connection, sandbox.endpoints())
    expected = len(world_ids(small_world, "applications"))
    assert (
        table_count(config, "raw_ashby_us.applications")
        == table_count(config, "raw_ashby_eu.applications")
        == (expected)
    )
    # each connection keeps its own sync tokens, in its own pipeline's state
    tokens = [
        pipeline_for(config, c.dataset).state["sources"]["ashby"]["resources"]["applications"]["sync_token"]
        for c in config.connections
    ]
    assert all(tokens)


def test_a_long_pass_loads_in_slices_and_a_killed_sync_resumes_from_its_last_slice(
    tmp_path: Path, world: World, box: Sandbox
) -> None:
    """With 100 records per package, the 150+ applications (two pages) arrive in two slices; a sync killed during
    its second slice keeps the first, and the next run continues the pass from the stored cursor."""
    config = make_config(tmp_path, vendor="ashby", warehouse={"load_slice_records": 100})
    seen: dict[str, int] = {}

    def killed_in_the_second_slice(_connection: str, table: str, rows: int) -> None:
        seen[table] = seen.get(table, 0) + rows
        if table == "applications" and seen[table] > 100:
            raise RuntimeError("killed")

    with pytest.raises(Exception, match="killed"):
        sync_connection(config, config.connections[0], box.endpoints(), progress=killed_in_the_second_slice)
    first_slice = stored_ids(config, "applications")
    assert len(first_slice) == 100
    state = pipeline_for(config, "raw_ashby").state["sources"]["ashby"]["resources"]["applications"]
    assert state["resume_from"] and "sync_token" not in state  # the token comes with the pass's last slice

    box.emulators["ashby"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    assert requests_by_method(box)["application.list"] == 1  # resumed: only the second page
    assert result.rows["raw_ashby.applications"] == len(world_ids(world, "applications")) - 100
    for resource in EXPECTED:
        assert stored_ids(config, resource) == world_ids(world, resource), resource
        assert query(config, f"select count(*) - count(distinct id) from raw_ashby.{resource}")[0][0] == 0
    state = pipeline_for(config, "raw_ashby").state["sources"]["ashby"]["resources"]["applications"]
    assert state["sync_token"] and "resume_from" not in state

    # a first sync in one go takes as many packages as its longest list has slices
    fresh = make_config(tmp_path / "fresh", vendor="ashby", warehouse={"load_slice_records": 100})
    result = sync_connection(fresh, fresh.connections[0], box.endpoints())
    longest = max(len(world_ids(world, name)) for name in ("applications", "candidates"))
    assert result.slices == -(-longest // 100) >= 2
    assert query(fresh, "select count(*) from raw_ashby._dlt_loads")[0][0] == result.slices
    for resource in EXPECTED:
        assert stored_ids(fresh, resource) == world_ids(world, resource), resource
    again = sync_connection(fresh, fresh.connections[0], box.endpoints())
    assert again.slices == 1 and sum(again.rows.get(f"raw_ashby.{r}", 0) for r in (*SYNCED, *PER_PARENT)) == 0


def test_a_backfill_window_loads_in_slices_and_leaves_the_token_alone(
    tmp_path: Path, world: World, box: Sandbox
) -> None:
    """A window's pass (no token, filtered client-side) is sliced under a position of its own: in slices of 100 it
    loads what the same window loads in one package, and stores neither a sync token nor a position."""
    from ats_pipeline.sources.registry import SyncWindow

    window = SyncWindow(start=world.now - timedelta(days=3000), end=world.now - timedelta(hours=1))
    sliced = make_config(tmp_path / "sliced", vendor="ashby", warehouse={"load_slice_records": 100})
    whole = make_config(tmp_path / "whole", vendor="ashby", warehouse={"load_slice_records": None})
    result = sync_connection(sliced, sliced.connections[0], box.endpoints(), window=window)
    assert sync_connection(whole, whole.connections[0], box.endpoints(), window=window).slices == 1
    assert result.slices >= 2, result.rows
    for resource in SYNCED:
        assert stored_ids(sliced, resource) == stored_ids(whole, resource), resource
    assert len(stored_ids(sliced, "applications")) > 100
    state = pipeline_for(sliced, "raw_ashby").state["sources"]["ashby"]["resources"]
    assert not any(key in resource for resource in state.values() for key in ("sync_token", "resume_from"))
    assert not any(key.startswith("resume_from") for resource in state.values() for key in resource)
