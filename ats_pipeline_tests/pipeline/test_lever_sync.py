"""Lever end to end: the dlt sources over real HTTP against the emulator, into a real DuckDB file.

The module runs on its own worlds (smaller than the shared fixture's: every changed opportunity costs five
per-opportunity requests) and its own Lever-only sandboxes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from dlt.common.normalizers.naming.snake_case import NamingConvention

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.errors import explain, root_cause
from ats_pipeline.http import AuthenticationError, PermissionDeniedError
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, FaultSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.lever.ids import lever_id, ms
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sources.lever.settings import OPPORTUNITY_CHILDREN
from ats_pipeline.sources.registry import SyncWindow
from ats_pipeline.sync import build_sources, pipeline_for, sync_connection
from ats_pipeline_tests.conftest import make_config, query, table_count

FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))
CHILD_PATH = re.compile(r"^/v1/opportunities/([0-9a-f-]{36})/(\w+)$")
_LIVE_APPS = "select id from applications where deleted_at is null"
_EEO = (
    "select d.application_id as id from demographics d join applications a on a.id = d.application_id "
    "where d.deleted_at is null and d.submitted_at is not null and a.deleted_at is null"
)
# Lever table -> (id kind, world SQL selecting the world ids it must hold)
EXPECTED: dict[str, tuple[str, str]] = {
    "opportunities": ("opportunity", _LIVE_APPS),
    "applications": ("application", f"{_LIVE_APPS} and job_id is not null"),
    "interviews": ("interview", "select id from interviews where deleted_at is null"),
    "panels": ("panel", "select min(id) as id from interviews where deleted_at is null group by application_id, job_stage_id"),
    "feedback": ("feedback", "select id from scorecards where deleted_at is null"),
    "offers": ("offer", "select id from offers where deleted_at is null"),
    "postings": ("posting", "select id from jobs where deleted_at is null"),
    "requisitions": ("requisition", "select id from jobs where deleted_at is null"),
    "users": ("user", "select id from users"),
    "archive_reasons": ("archive_reason", "select id from rejection_reasons union all select 0"),
}  # fmt: skip
INCREMENTAL = ("opportunities", "postings", *OPPORTUNITY_CHILDREN)
_naming = NamingConvention()


# --- fixtures and helpers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    # seed 5: a 12-day move brings a merge, an anonymization and deletions
    world = World.generate(WorldConfig(seed=5, applications=60))
    with world.cursor() as cur:  # a confidential posting: Lever hides its opportunities unless asked
        cur.execute("update jobs set confidential = true where id = (select min(job_id) from applications)")
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["lever"], settings={"lever": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def small_world() -> Iterator[World]:
    # small on purpose: resilience and pacing tests replay a whole sync under faults or a tight limit
    world = World.generate(WorldConfig(seed=3, applications=12))
    yield world
    world.close()


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, box: Sandbox) -> tuple[PipelineConfig, Any]:
    """One full sync, shared by the tests that inspect it (in file order; later tests advance the world)."""
    config = make_config(tmp_path_factory.mktemp("full"), vendor="lever")
    box.emulators["lever"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    return config, result


def world_rows(world: World, sql: str, params: list[Any] | None = None) -> list[tuple]:
    with world.cursor() as cur:
        return cur.execute(sql, params or []).fetchall()


def expected_ids(world: World, table: str) -> set[str]:
    kind, sql = EXPECTED[table]
    return {lever_id(kind, n) for (n,) in world_rows(world, sql)}


def stored_ids(config: PipelineConfig, table: str, dataset: str = "raw_lever") -> list[str]:
    return [r[0] for r in query(config, f"select id from {dataset}.{table}")]


def child_requests(box: Sandbox) -> list[tuple[str, str]]:
    """(opportunity id, child list) of every per-opportunity request in the log."""
    found = []
    for entry in box.emulators["lever"].request_log:
        match = CHILD_PATH.match(entry.path)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def assert_warehouse_equals_world(config: PipelineConfig, world: World) -> None:
    for table in EXPECTED:
        stored = stored_ids(config, table)
        assert len(stored) == len(set(stored)), f"duplicates in {table}"
        assert set(stored) == expected_ids(world, table), table
    stages = set(stored_ids(config, "stages"))
    assert stages == {"lead-new"} | {lever_id("stage", n) for (n,) in world_rows(world, "select id from job_stages")}
    pii = stored_ids(config, "eeo_responses_pii", "raw_lever_restricted")
    assert sorted(pii) == sorted(lever_id("eeo_response", n) for (n,) in world_rows(world, _EEO))
    assert table_count(config, "raw_lever_restricted.eeo_responses") == len(pii)
    assert table_count(config, "raw_lever.sources") == world_rows(world, "select count(*) from sources")[0][0]
    visits = world_rows(
        world,
        "select count(*) from application_stages v join applications a on a.id = v.application_id "
        "where v.deleted_at is null and a.deleted_at is null",
    )[0][0]
    assert table_count(config, "raw_lever.opportunities__stage_changes") == visits


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """An API record as dlt stores it: nested objects flattened with ``__``, names in snake_case."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}__{_naming.normalize_identifier(key)}" if prefix else _naming.normalize_identifier(key)
        if isinstance(value, dict):
            out.update(flatten(value, name))
        else:
            out[name] = value
    return out


def stored_row(config: PipelineConfig, table: str, record_id: str) -> dict[str, Any]:
    with duckdb.connect(str(config.warehouse_path)) as con:
        row = con.execute(f"select * from raw_lever.{table} where id = ?", [record_id]).fetchone()
        names = [d[0] for d in con.description]
    assert row is not None, (table, record_id)
    return dict(zip(names, row, strict=True))


def assert_same(config: PipelineConfig, table: str, record: dict[str, Any]) -> None:
    stored = stored_row(config, table, record["id"])
    for key, value in flatten(record).items():
        if isinstance(value, list) or value is None:
            continue  # lists live in child tables; null-only columns are not materialized
        assert stored[key] == value, f"{table}.{key} of {record['id']}"


def two_connections(directory: Path, *names: str, start_date: str) -> PipelineConfig:
    options = {
        "sandbox": True,
        "rate_limit": {"requests": 10_000, "per_seconds": 1},
        "restricted": False,
        "start_date": start_date,
    }
    raw = {
        "warehouse": {"path": str(directory / "warehouse.duckdb"), "publish_dir": str(directory / "published")},
        "connections": [{"name": name, "vendor": "lever", "options": options} for name in names],
    }
    return parse_config(raw, source="test", base_dir=directory)


# --- full sync -----------------------------------------------------------------------------------------------------


def test_full_sync_equals_the_world(synced, world: World) -> None:
    config, result = synced
    assert_warehouse_equals_world(config, world)
    confidential = world_rows(
        world, "select a.id from applications a join jobs j on j.id = a.job_id where j.confidential"
    )
    assert confidential and {lever_id("opportunity", n) for (n,) in confidential} <= set(
        stored_ids(config, "opportunities")
    )
    assert result.rows["raw_lever.opportunities"] == len(expected_ids(world, "opportunities"))
    # per-opportunity tables merge on opportunityId alone (no `id OR opportunityId` join, which grows with the
    # table), except applications: /applications/deleted removes one application by id
    tables = pipeline_for(config, "raw_lever").default_schema.tables
    for table in OPPORTUNITY_CHILDREN:
        keyed = any(c.get("primary_key") for c in tables[table]["columns"].values())
        assert keyed == (table == "applications"), table


def test_self_id_data_only_in_the_restricted_dataset(synced) -> None:
    config, _ = synced
    tables = dict(
        query(
            config,
            "select table_name, table_schema from information_schema.tables "
            "where table_schema in ('raw_lever', 'raw_lever_restricted')",
        )
    )
    assert tables["eeo_responses"] == "raw_lever_restricted" and tables["eeo_responses_pii"] == "raw_lever_restricted"
    assert not [t for t, schema in tables.items() if schema == "raw_lever" and "eeo" in t]
    columns = query(config, "select column_name from information_schema.columns where table_schema = 'raw_lever'")
    assert not [c for (c,) in columns if any(w in c for w in ("gender", "race", "veteran", "disability"))]
    # the anonymous answers carry nothing to join on
    anonymous = {c for (c,) in query(config, "select column_name from information_schema.columns "
                                             "where table_name = 'eeo_responses'")}  # fmt: skip
    assert not anonymous & {"id", "opportunity_id", "contact", "posting", "application_id"}


def test_sampled_records_match_the_api_field_by_field(synced, box: Sandbox) -> None:
    config, _ = synced
    endpoint = box.endpoints()["lever"]
    sample = "select id from raw_lever.opportunities using sample 6 rows (reservoir, 1)"
    opportunities = [r[0] for r in query(config, sample)]
    with httpx.Client(base_url=endpoint["base_url"] + "/", auth=(endpoint["api_key"], "")) as api:
        for opportunity in opportunities:
            record = api.get(f"opportunities/{opportunity}").json()["data"]
            assert_same(config, "opportunities", record)
            # stage history rows carry the stage ids and epoch-ms times of the API's stageChanges
            stored = query(
                config,
                "select c.to_stage_id, c.to_stage_index, c.updated_at from raw_lever.opportunities__stage_changes c "
                f"join raw_lever.opportunities o on c._dlt_parent_id = o._dlt_id where o.id = '{opportunity}' "
                "order by c._dlt_list_idx",
            )
            assert stored == [(c["toStageId"], c["toStageIndex"], c["updatedAt"]) for c in record["stageChanges"]]
        for table in OPPORTUNITY_CHILDREN:
            parents = query(config, f"select distinct opportunity_id from raw_lever.{table} order by 1 limit 3")
            assert parents, table
            for (parent,) in parents:
                records = api.get(f"opportunities/{parent}/{table}").json()["data"]
                assert records, table
                for record in records:
                    assert_same(config, table, record)
                    assert stored_row(config, table, record["id"])["opportunity_id"] == parent
        for posting in api.get("postings", params={"confidentiality": "all"}).json()["data"][:3]:
            assert_same(config, "postings", posting)


def test_no_change_sync_loads_nothing_and_makes_no_per_parent_requests(synced, box: Sandbox) -> None:
    config, _ = synced
    box.emulators["lever"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    for table in INCREMENTAL:
        assert result.rows.get(f"raw_lever.{table}", 0) == 0, table
    assert result.rows.get("raw_lever_restricted.eeo_responses_pii", 0) == 0
    assert child_requests(box) == []
    [listing] = [e for e in box.emulators["lever"].request_log if e.path == "/v1/opportunities"]
    assert "updated_at_start=" in listing.query_string and "confidentiality=all" in listing.query_string


def test_after_the_world_advances_exactly_the_changes_arrive(synced, box: Sandbox, world: World) -> None:
    config, _ = synced
    before = world.now
    changes = world.advance(12)
    assert changes["new_applications"] and changes["deleted_applications"] and changes["merged_candidates"]
    assert changes["anonymized_candidates"]
    box.emulators["lever"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())

    changed = {
        lever_id("opportunity", n)
        for (n,) in world_rows(
            world,
            "select a.id from applications a join candidates c on c.id = a.candidate_id "
            "where a.deleted_at is null and greatest(a.updated_at, c.updated_at) > ?",
            [before],
        )
    }
    deleted = {lever_id("opportunity", n) for (n,) in world_rows(world, "select id from applications "
                                                                        "where deleted_at > ?", [before])}  # fmt: skip
    assert changed and deleted
    # the changed opportunities and a deletion row per deleted one; children fetched for the changed ones only
    assert result.rows["raw_lever.opportunities"] == len(changed) + len(deleted)
    requested = child_requests(box)
    assert {o for o, _ in requested} == changed
    assert sorted(requested) == sorted((o, child) for o in changed for child in OPPORTUNITY_CHILDREN)
    assert_warehouse_equals_world(config, world)

    # merges: the moved opportunities now name the surviving contact
    for dup, keep, at in world_rows(world, "select id, merged_into_id, deleted_at from candidates "
                                           "where merged_into_id is not null and deleted_at > ?", [before]):  # fmt: skip
        moved = world_rows(world, "select id from applications where candidate_id = ? and updated_at = ? "
                                  "and deleted_at is null", [keep, at])  # fmt: skip
        assert moved
        for (app,) in moved:
            stored = stored_row(config, "opportunities", lever_id("opportunity", app))
            assert stored["contact"] == lever_id("contact", keep) != lever_id("contact", dup)
            assert stored["updated_at"] >= ms(at)
    # anonymizations: the PII is gone from the warehouse too
    anonymized = world_rows(world, "select a.id from applications a join candidates c on c.id = a.candidate_id "
                                   "where c.anonymized_at > ? and a.deleted_at is null", [before])  # fmt: skip
    assert anonymized
    for (app,) in anonymized:
        oid = lever_id("opportunity", app)
        stored = stored_row(config, "opportunities", oid)
        assert stored["is_anonymized"] is True and stored["name"] is None
        emails = query(config, "select count(*) from raw_lever.opportunities__emails e join raw_lever.opportunities o "
                               f"on e._dlt_parent_id = o._dlt_id where o.id = '{oid}'")  # fmt: skip
        assert emails == [(0,)]
    # deletions took the per-opportunity rows and nested rows with them
    for table in OPPORTUNITY_CHILDREN:
        left = query(config, f"select count(*) from raw_lever.{table} where opportunity_id in "
                             f"({','.join(repr(d) for d in deleted)})")  # fmt: skip
        assert left == [(0,)], table
    orphans = query(
        config,
        "select count(*) from raw_lever.opportunities__stage_changes c "
        "left join raw_lever.opportunities o on c._dlt_root_id = o._dlt_id where o._dlt_id is null",
    )
    assert orphans == [(0,)]


def test_reconciliation_finds_nothing_after_deleted_lists_and_removes_strays(synced, box: Sandbox) -> None:
    config, _ = synced
    result = sync_connection(config, config.connections[0], box.endpoints(), reconcile=True)
    assert sum(result.rows.values()) == 0
    # a record the API no longer lists (e.g. deleted beyond the deleted list's reach), with a per-opportunity row
    stray = lever_id("opportunity", 10**9)
    with duckdb.connect(str(config.warehouse_path)) as con:
        for table, columns in (("opportunities", "id"), ("interviews", "id, opportunity_id")):
            values = f"'{stray}'" if table == "opportunities" else f"'{lever_id('interview', 10**9)}', '{stray}'"
            con.execute(
                f"insert into raw_lever.{table} ({columns}, _dlt_load_id, _dlt_id) values ({values}, '0', '{table}x')"
            )
    sync_connection(config, config.connections[0], box.endpoints(), reconcile=True)
    assert stray not in stored_ids(config, "opportunities")
    assert query(config, f"select count(*) from raw_lever.interviews where opportunity_id = '{stray}'") == [(0,)]


def test_a_future_cursor_loads_nothing(tmp_path: Path, box: Sandbox) -> None:
    config = make_config(tmp_path, vendor="lever", start_date="2100-01-01T00:00:00Z")
    box.emulators["lever"].request_log.clear()
    result = sync_connection(config, config.connections[0], box.endpoints())
    for table in INCREMENTAL:
        assert result.rows.get(f"raw_lever.{table}", 0) == 0, table
    assert result.rows.get("raw_lever_restricted.eeo_responses_pii", 0) == 0
    assert child_requests(box) == []
    opportunities = [e for e in box.emulators["lever"].request_log if e.path == "/v1/opportunities"]
    assert f"updated_at_start={ms(datetime(2100, 1, 1))}" in opportunities[0].query_string


def test_a_backfill_window_loads_exactly_its_records_and_keeps_cursors(
    synced, tmp_path: Path, box: Sandbox, world: World
) -> None:
    stamps = sorted(
        ms(t) for (t,) in world_rows(world, "select greatest(a.updated_at, c.updated_at) from applications a "
                                           "join candidates c on c.id = a.candidate_id where a.deleted_at is null")
    )  # fmt: skip
    start, end = stamps[len(stamps) // 2], stamps[-3]
    inside = {
        lever_id("opportunity", n)
        for (n,) in world_rows(
            world,
            "select a.id from applications a join candidates c on c.id = a.candidate_id where a.deleted_at is null "
            "and epoch_ms(greatest(a.updated_at, c.updated_at)) >= ? and epoch_ms(greatest(a.updated_at, c.updated_at)) < ?",
            [start, end],
        )
    }
    config = make_config(tmp_path, vendor="lever", restricted=False)
    box.emulators["lever"].request_log.clear()
    window = SyncWindow(start=datetime.fromtimestamp(start / 1000, UTC), end=datetime.fromtimestamp(end / 1000, UTC))
    sync_connection(config, config.connections[0], box.endpoints(), window=window)
    assert set(stored_ids(config, "opportunities")) == inside and inside
    assert {o for o, _ in child_requests(box)} == inside

    # a backfill does not move the stored cursors (a normal sync keeps both the update and the deletion cursor)
    def cursors(cfg: PipelineConfig) -> dict[str, Any]:
        state = pipeline_for(cfg, "raw_lever").state["sources"].get("lever", {})
        return state.get("resources", {}).get("opportunities", {})

    assert set(cursors(synced[0])) == {"incremental", "deleted"}
    assert cursors(config) == {}


# --- resilience, pacing, credentials -------------------------------------------------------------------------------


def test_429_storm_5xx_and_resets_are_survived_without_loss_or_duplicates(tmp_path: Path, small_world: World) -> None:
    # Our own token bucket (paced to by the client) plus another client draining the shared quota (429s), server
    # errors and dropped connections. Lever sends no Retry-After: the client backs off on its own.
    settings = EmulatorSettings(
        rate_limit=RateLimitSettings(kind="token_bucket", limit=80, window_seconds=1, burst=20),
        faults=FaultSettings(throttle_rate=0.08, error_rate=0.06, reset_rate=0.03),
        seed=3,
    )
    config = make_config(
        tmp_path, vendor="lever", max_attempts=12, rate_limit={"requests": 80, "per_seconds": 1, "burst": 20}
    )
    with Sandbox(small_world, vendors=["lever"], settings={"lever": settings}) as sandbox:
        result = sync_connection(config, config.connections[0], sandbox.endpoints())
        statuses = sandbox.emulators["lever"].request_log.statuses()
    assert statuses.count(429) > 0 and any(s >= 500 for s in statuses) and statuses.count(0) > 0
    assert result.requests["throttled"] > 0 and result.requests["retries"] > 0
    assert result.requests["server_errors"] > 0 and result.requests["connection_errors"] > 0
    assert_warehouse_equals_world(config, small_world)


def test_requests_are_paced_inside_the_server_limit(tmp_path: Path, small_world: World) -> None:
    limit = 40
    settings = EmulatorSettings(rate_limit=RateLimitSettings(kind="token_bucket", limit=limit, window_seconds=1,
                                                             burst=20))  # fmt: skip
    # the vendor's rate, a smaller bucket than the vendor's (the headroom absorbs latency jitter; see settings.py)
    config = make_config(tmp_path, vendor="lever", rate_limit={"requests": limit, "per_seconds": 1, "burst": 8})
    with Sandbox(small_world, vendors=["lever"], settings={"lever": settings}) as sandbox:
        started = time.monotonic()
        result = sync_connection(config, config.connections[0], sandbox.endpoints())
        elapsed = time.monotonic() - started
        log = sandbox.emulators["lever"].request_log
        statuses, children = log.statuses(), len(child_requests(sandbox))
    assert 429 not in statuses  # never over the limit
    assert children == 5 * len(expected_ids(small_world, "opportunities"))
    assert elapsed >= (len(statuses) - 8) / (limit * 1.02)  # paced by the limiter at the ceiling, not by luck
    assert result.requests["seconds_waited"] > 0


def test_wrong_key_fails_fast_naming_the_connection(tmp_path: Path, box: Sandbox) -> None:
    config = make_config(tmp_path, vendor="lever")
    endpoints = box.endpoints()
    endpoints["lever"] = {**endpoints["lever"], "api_key": "definitely-wrong-key"}
    box.emulators["lever"].request_log.clear()
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        sync_connection(config, config.connections[0], endpoints)
    message = explain(failure.value)
    assert isinstance(root_cause(failure.value), AuthenticationError)
    assert "'lever'" in message and "401" in message and "definitely-wrong-key" not in message
    assert len(box.emulators["lever"].request_log) == 1  # no retries on 401
    assert time.monotonic() - started < 5


def test_a_key_without_the_eeo_pii_scope(tmp_path: Path, box: Sandbox) -> None:
    endpoint = {**box.endpoints()["lever"]}
    endpoint["api_key"] = endpoint["limited_api_key"]
    config = make_config(tmp_path, vendor="lever")
    connection = config.connections[0]
    restricted = build_sources(connection, {"lever": endpoint}).sources[connection.restricted_dataset]
    with pytest.raises(Exception) as failure:
        list(restricted.with_resources("eeo_responses_pii"))
    assert isinstance(root_cause(failure.value), PermissionDeniedError)
    assert "'lever'" in explain(failure.value) and "403" in explain(failure.value)
    # eeo_pii: false loads the anonymous answers only, which that key may read
    anonymous_only = make_config(tmp_path / "anonymous", vendor="lever", eeo_pii=False).connections[0]
    source = build_sources(anonymous_only, {"lever": endpoint}).sources[anonymous_only.restricted_dataset]
    assert set(source.resources) == {"eeo_responses"}
    assert len(list(source)) == len(world_rows(box.world, _EEO))  # type: ignore[arg-type]


def test_two_connections_sync_side_by_side(tmp_path: Path, small_world: World) -> None:
    since = small_world.now - timedelta(days=180)  # a recent slice keeps the three syncs short
    config = two_connections(tmp_path, "lever_eu", "lever_us", start_date=since.isoformat() + "Z")
    recent = {
        lever_id("opportunity", n)
        for (n,) in world_rows(
            small_world,
            "select a.id from applications a join candidates c on c.id = a.candidate_id "
            "where a.deleted_at is null and greatest(a.updated_at, c.updated_at) >= ?",
            [since],
        )
    }
    assert recent
    with Sandbox(small_world, vendors=["lever"], settings={"lever": FAST.model_copy(deep=True)}) as sandbox:
        first = sync_connection(config, config.connection("lever_eu"), sandbox.endpoints())
        second = sync_connection(config, config.connection("lever_us"), sandbox.endpoints())
        again = sync_connection(config, config.connection("lever_eu"), sandbox.endpoints())
    # each connection keeps its own datasets and cursors: the second starts from scratch, the first resumes
    assert first.rows["raw_lever_eu.opportunities"] == second.rows["raw_lever_us.opportunities"] == len(recent)
    assert again.rows.get("raw_lever_eu.opportunities", 0) == 0
    for name in ("lever_eu", "lever_us"):
        assert set(stored_ids(config, "opportunities", f"raw_{name}")) == recent
