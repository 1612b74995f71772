"""Greenhouse v3 end to end: the dlt source over real HTTP against the emulator, into a real DuckDB file."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from ats_pipeline.errors import explain
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World
from ats_pipeline.sources.greenhouse.settings import ENDPOINTS, RESTRICTED_ENDPOINTS
from ats_pipeline.sync import sync_connection
from ats_pipeline_tests.conftest import make_config, query, table_count
from ats_pipeline_tests.sandbox.greenhouse_tables import WORLD_TABLE as ALL_WORLD_TABLES

# Resources of the main dataset (EEOC lands in the restricted one).
WORLD_TABLE = {r: t for r, t in ALL_WORLD_TABLES.items() if r != "eeoc"}
INCREMENTAL = [e.name for e in ENDPOINTS if e.incremental]


def _token(endpoint: dict) -> str:
    response = httpx.post(
        endpoint["token_url"],
        auth=(endpoint["client_id"], endpoint["client_secret"]),
        data={"grant_type": "client_credentials"},
    )
    response.raise_for_status()
    return response.json()["access_token"]


def _requests_by_resource(box: Sandbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in box.emulators["greenhouse"].request_log:
        if entry.path.startswith("/v3/"):
            resource = entry.path.removeprefix("/v3/")
            counts[resource] = counts.get(resource, 0) + 1
    return counts


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox):
    """One full sync, shared by the tests that inspect it (in file order; later tests advance the world)."""
    config = make_config(tmp_path_factory.mktemp("full"))
    sandbox.emulators["greenhouse"].request_log.clear()
    result = sync_connection(config, config.connections[0], sandbox.endpoints())
    return config, result


def test_full_sync_counts_equal_the_world(synced, world: World) -> None:
    config, result = synced
    truth = world.ground_truth().counts
    for resource, table in WORLD_TABLE.items():
        assert table_count(config, f"raw_greenhouse.{resource}") == truth[table], resource
    assert table_count(config, "raw_greenhouse_restricted.eeoc") == truth["demographics"]
    assert result.rows["raw_greenhouse.applications"] == truth["applications"]
    # merge on id: never a duplicate
    for resource in WORLD_TABLE:
        dupes = query(config, f"select count(*) - count(distinct id) from raw_greenhouse.{resource}")[0][0]
        assert dupes == 0, resource


def test_self_id_data_only_in_the_restricted_dataset(synced) -> None:
    config, _ = synced
    main = {
        r[0]
        for r in query(config, "select table_name from information_schema.tables where table_schema = 'raw_greenhouse'")
    }
    restricted = {
        r[0]
        for r in query(
            config, "select table_name from information_schema.tables where table_schema = 'raw_greenhouse_restricted'"
        )
    }
    assert {e.name for e in RESTRICTED_ENDPOINTS} <= restricted
    assert not any(t.startswith(("eeoc", "demographic")) for t in main)
    columns = query(
        config,
        "select column_name from information_schema.columns where table_schema = 'raw_greenhouse'",
    )
    assert not [c for (c,) in columns if any(w in c for w in ("gender", "race", "veteran", "disability"))]


def test_sampled_records_match_the_api_field_by_field(synced, sandbox: Sandbox) -> None:
    config, _ = synced
    endpoint = sandbox.endpoints()["greenhouse"]
    headers = {"Authorization": f"Bearer {_token(endpoint)}"}
    for resource in ("applications", "candidates", "offers", "application_stages", "jobs"):
        ids = [
            r[0] for r in query(config, f"select id from raw_greenhouse.{resource} using sample 5 rows (reservoir, 1)")
        ]
        api = httpx.get(
            f"{endpoint['base_url']}/{resource}", params={"ids": ",".join(map(str, ids))}, headers=headers
        ).json()
        assert len(api) == len(ids)
        for record in api:
            with __import__("duckdb").connect(str(config.warehouse_path)) as con:
                row = con.execute(f"select * from raw_greenhouse.{resource} where id = ?", [record["id"]]).fetchone()
                names = [d[0] for d in con.description]
            stored = dict(zip(names, row, strict=True))
            for key, value in record.items():
                if isinstance(value, dict | list) or value is None or key not in stored:
                    continue  # nested values live in child tables / flattened columns
                got = stored[key]
                if isinstance(got, datetime):
                    value = datetime.fromisoformat(value.replace("Z", "+00:00"))
                    got = got.astimezone(UTC)
                assert got == value, f"{resource}.{key} of id {record['id']}"


def test_no_change_sync_loads_nothing_and_makes_one_request_per_incremental_resource(synced, sandbox: Sandbox) -> None:
    config, _ = synced
    sandbox.emulators["greenhouse"].request_log.clear()
    result = sync_connection(config, config.connections[0], sandbox.endpoints())
    for resource in INCREMENTAL:
        assert result.rows.get(f"raw_greenhouse.{resource}", 0) == 0, resource
    requests = _requests_by_resource(sandbox)
    for resource in INCREMENTAL:
        assert requests.get(resource, 0) <= 1, resource
    # the filter went on the request, the cursor is the last value seen
    filtered = [e for e in sandbox.emulators["greenhouse"].request_log if e.path == "/v3/applications"]
    assert "updated_at=gte" in filtered[0].query_string


def test_after_the_world_advances_exactly_the_changes_arrive(synced, sandbox: Sandbox, world: World) -> None:
    config, _ = synced
    before = world.now
    changes = world.advance(10)
    assert changes["new_applications"] > 0
    result = sync_connection(config, config.connections[0], sandbox.endpoints())
    with world.cursor() as cur:
        for resource in ("applications", "candidates", "application_stages", "offers", "scorecards"):
            table = WORLD_TABLE[resource]
            changed = cur.execute(
                f"select count(*) from {table} where deleted_at is null and updated_at > ?", [before]
            ).fetchone()[0]
            assert result.rows.get(f"raw_greenhouse.{resource}", 0) == changed, resource
    # every visible record is now in the warehouse with its current updated_at
    with world.cursor() as cur:
        visible = cur.execute("select id, updated_at from applications where deleted_at is null").fetchall()
    stored = dict(query(config, "select id, updated_at from raw_greenhouse.applications"))
    for app_id, updated_at in visible:
        assert stored[app_id].astimezone(UTC).replace(tzinfo=None) == updated_at.replace(
            microsecond=updated_at.microsecond // 1000 * 1000
        )


def test_reconciliation_removes_deleted_and_merged_records(synced, sandbox: Sandbox, world: World) -> None:
    config, _ = synced
    changes = world.advance(20)
    assert changes["deleted_applications"] + changes["merged_candidates"] > 0
    sync_connection(config, config.connections[0], sandbox.endpoints())
    sync_connection(config, config.connections[0], sandbox.endpoints(), reconcile=True)
    with world.cursor() as cur:
        for resource in ("applications", "candidates", "application_stages", "offers", "scorecards", "interviews"):
            expected = {
                r[0] for r in cur.execute(f"select id from {WORLD_TABLE[resource]} where deleted_at is null").fetchall()
            }
            stored = {r[0] for r in query(config, f"select id from raw_greenhouse.{resource}")}
            assert stored == expected, resource
        merged = cur.execute("select count(*) from candidates where merged_into_id is not null").fetchone()[0]
        assert merged > 0
    # nested rows of deleted candidates went with them
    orphans = query(
        config,
        "select count(*) from raw_greenhouse.candidates__email_addresses e "
        "left join raw_greenhouse.candidates c on e._dlt_root_id = c._dlt_id where c._dlt_id is null",
    )[0][0]
    assert orphans == 0
    # a second reconciliation finds nothing more to delete
    result = sync_connection(config, config.connections[0], sandbox.endpoints(), reconcile=True)
    assert sum(result.rows.values()) == 0


def test_a_future_cursor_loads_nothing(tmp_path: Path, sandbox: Sandbox) -> None:
    config = make_config(tmp_path, start_date="2100-01-01T00:00:00Z")
    result = sync_connection(config, config.connections[0], sandbox.endpoints())
    for resource in INCREMENTAL:
        assert result.rows.get(f"raw_greenhouse.{resource}", 0) == 0, resource


def test_429_storm_and_5xx_are_survived_without_loss_or_duplicates(tmp_path: Path, world: World) -> None:
    from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, FaultSettings, RateLimitSettings

    # A storm: besides our own quota (which the client paces itself to), another client drains the shared
    # one, so a share of requests is answered 429 + Retry-After; and the server fails or drops some.
    settings = EmulatorSettings(
        rate_limit=RateLimitSettings(limit=15, window_seconds=1),
        faults=FaultSettings(throttle_rate=0.15, error_rate=0.15, reset_rate=0.05),
        seed=3,
    )
    config = make_config(tmp_path, max_attempts=12)
    with Sandbox(world, vendors=["greenhouse"], settings={"greenhouse": settings}) as box:
        result = sync_connection(config, config.connections[0], box.endpoints())
        statuses = [e.status for e in box.emulators["greenhouse"].request_log]
    assert statuses.count(429) > 0 and any(s >= 500 for s in statuses) and statuses.count(0) > 0
    assert result.requests["throttled"] > 0 and result.requests["retries"] > 0
    truth = world.ground_truth().counts
    for resource, table in WORLD_TABLE.items():
        assert table_count(config, f"raw_greenhouse.{resource}") == truth[table], resource
        assert query(config, f"select count(*) - count(distinct id) from raw_greenhouse.{resource}")[0][0] == 0


def test_wrong_credentials_fail_fast_naming_the_connection(tmp_path: Path, sandbox: Sandbox) -> None:
    config = make_config(tmp_path)
    endpoints = sandbox.endpoints()
    endpoints["greenhouse"] = {**endpoints["greenhouse"], "client_secret": "definitely-wrong-secret"}
    sandbox.emulators["greenhouse"].request_log.clear()
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        sync_connection(config, config.connections[0], endpoints)
    elapsed = time.monotonic() - started
    message = explain(failure.value)
    assert "'greenhouse'" in message and "401" in message
    assert "definitely-wrong-secret" not in message
    token_requests = [e for e in sandbox.emulators["greenhouse"].request_log if e.path.endswith("/token")]
    assert len(token_requests) == 1  # no retries on 401
    assert elapsed < 5


def test_progress_reports_rows_per_resource(tmp_path: Path, sandbox: Sandbox, world: World) -> None:
    config = make_config(tmp_path)
    seen: dict[str, int] = {}

    def progress(connection: str, table: str, rows: int) -> None:
        assert connection == "greenhouse"
        seen[table] = seen.get(table, 0) + rows

    sync_connection(config, config.connections[0], sandbox.endpoints(), progress=progress)
    assert seen["applications"] == world.ground_truth().counts["applications"]
    assert set(seen) >= {"jobs", "candidates", "eeoc"}
