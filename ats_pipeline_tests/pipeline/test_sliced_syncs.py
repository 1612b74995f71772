"""Slices for the lists read through a dlt incremental cursor (Greenhouse, Lever, Workable; sources/slices.py).

The truth here is the same sync in one package: a warehouse loaded in slices of 100 records must hold exactly what
it holds, after a first sync, after a backfill window, after the world moved (an incremental pass of several
slices, whose records are not in cursor order), and after a sync killed in the middle of such a pass. Ashby's sync-token lists have their own
test in test_ashby_sync.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ats_pipeline import sync as sync_module
from ats_pipeline.config import PipelineConfig
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sources.registry import SyncWindow, vendors
from ats_pipeline.sync import SyncResult, pipeline_for, sync_connection
from ats_pipeline_tests.conftest import fast_emulator_settings, make_config, query

SLICE = 100
OPTIONS = {"greenhouse": {"per_page": 50}}  # pages smaller than a slice, as with the other vendors' 100
# vendor -> (dataset, the incremental list resource whose passes are sliced, its dlt source name, its cursor)
LISTS = {
    "greenhouse": ("raw_greenhouse", "applications", "greenhouse", "updated_at"),
    "lever": ("raw_lever", "opportunities", "lever", "updatedAt"),
    "workable": ("raw_workable", "candidate_changes", "workable", "updated_at"),
}


@pytest.fixture(scope="module")
def box() -> Iterator[tuple[World, Sandbox]]:
    world = World.generate(WorldConfig(seed=11, applications=300))
    with Sandbox(world, settings=fast_emulator_settings()) as sandbox:
        yield world, sandbox
    world.close()


def snapshot(config: PipelineConfig, vendor: str) -> dict[str, set[tuple[Any, ...]]]:
    """Every root table of the connection, as a set of rows (dlt's own columns and the signed download URLs, which
    expire and so differ between two reads, left out)."""
    spec = vendors()[vendor]
    connection = config.connections[0]
    found: dict[str, set[tuple[Any, ...]]] = {}
    layout = {connection.dataset: spec.resources, connection.restricted_dataset: spec.restricted_resources}
    for dataset, tables in layout.items():
        for table in tables:
            columns = sorted(
                row[0]
                for row in query(
                    config,
                    "select column_name from information_schema.columns "
                    f"where table_schema = '{dataset}' and table_name = '{table}' and column_name not like '_dlt%' and column_name != 'url'",
                )
            )
            if columns:
                names = ", ".join(f'"{c}"' for c in columns)
                found[f"{dataset}.{table}"] = {
                    tuple(map(str, r)) for r in query(config, f"select {names} from {dataset}.{table}")
                }
    return found


def list_state(config: PipelineConfig, vendor: str) -> dict[str, Any]:
    dataset, resource, source, _ = LISTS[vendor]
    return pipeline_for(config, dataset).state["sources"][source]["resources"][resource]


def sync(config: PipelineConfig, sandbox: Sandbox, **kwargs: Any) -> SyncResult:
    return sync_connection(config, config.connections[0], sandbox.endpoints(), **kwargs)


@pytest.mark.parametrize("vendor", sorted(LISTS))
def test_a_sliced_sync_loads_what_one_package_loads_through_changes_and_a_kill(
    vendor: str, tmp_path: Path, box: tuple[World, Sandbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, sandbox = box
    _, resource, _, cursor = LISTS[vendor]
    options = OPTIONS.get(vendor, {})
    sliced = make_config(tmp_path / "sliced", vendor=vendor, warehouse={"load_slice_records": SLICE}, **options)
    whole = make_config(tmp_path / "whole", vendor=vendor, warehouse={"load_slice_records": None}, **options)

    first, whole_first = sync(sliced, sandbox), sync(whole, sandbox)
    assert whole_first.slices == 1
    assert first.slices >= 3  # 300 applications, 100 records a slice
    _same(snapshot(sliced, vendor), snapshot(whole, vendor))
    # The lists replaced whole are re-read with every slice; the rows reported for them are what they hold.
    replaced = _replaced(sliced)
    assert replaced and {t: first.rows[t] for t in replaced} == {t: whole_first.rows[t] for t in replaced}

    # A backfill window (a cursor with an end) slices under a position of its own and leaves the cursor as it was.
    before = list_state(sliced, vendor)
    window = SyncWindow(start=world.now - timedelta(days=3000), end=world.now - timedelta(hours=1))
    assert sync(sliced, sandbox, window=window).slices >= 3
    assert list_state(sliced, vendor) == before
    _same(snapshot(sliced, vendor), snapshot(whole, vendor))

    # The world moves: the changed records of the next pass come in id order, not cursor order, over several slices.
    world.advance(120)
    rounds: list[str] = []  # datasets, once per pipeline run

    def counted(config: PipelineConfig, dataset: str) -> Any:
        rounds.append(dataset)
        return pipeline_for(config, dataset)

    def killed_in_the_second_slice(_connection: str, table: str, _rows: int) -> None:
        if table == resource and rounds.count(sliced.connections[0].dataset) == 2:
            raise RuntimeError("killed")

    monkeypatch.setattr(sync_module, "pipeline_for", counted)
    with pytest.raises(Exception, match="killed"):
        sync(sliced, sandbox, progress=killed_in_the_second_slice)
    monkeypatch.undo()
    held = list_state(sliced, vendor)
    assert held["resume_from"] and held["pass_reached"]["last_value"] > held["incremental"][cursor]["last_value"]

    resumed = sync(sliced, sandbox)
    assert sync(whole, sandbox).slices == 1
    assert resumed.slices >= 1
    _same(snapshot(sliced, vendor), snapshot(whole, vendor))
    state, reference = list_state(sliced, vendor), list_state(whole, vendor)
    assert "resume_from" not in state and "pass_reached" not in state
    assert state["incremental"][cursor]["last_value"] == reference["incremental"][cursor]["last_value"]

    # Nothing changed: one package, and nothing loaded but the small lists replaced whole on every sync.
    again = sync(sliced, sandbox)
    assert again.slices == 1
    loaded = {table.split("__")[0] for table, rows in again.rows.items() if rows}
    assert loaded <= replaced, loaded - replaced


def _replaced(config: PipelineConfig) -> set[str]:
    """The connection's root tables that are replaced whole on every sync, as ``dataset.table``."""
    connection = config.connections[0]
    return {
        f"{dataset}.{table}"
        for dataset in (connection.dataset, connection.restricted_dataset)
        for table, hints in _tables(config, dataset).items()
        if hints.get("write_disposition") == "replace"
    }


def _tables(config: PipelineConfig, dataset: str) -> dict[str, Any]:
    pipeline = pipeline_for(config, dataset)
    return pipeline.default_schema.tables if pipeline.default_schema_name else {}


def _same(a: dict[str, set[tuple[Any, ...]]], b: dict[str, set[tuple[Any, ...]]]) -> None:
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], (table, sorted(a[table] - b[table])[:3], sorted(b[table] - a[table])[:3])


def test_a_page_position_the_api_refuses_restarts_the_pass(tmp_path: Path, box: tuple[World, Sandbox]) -> None:
    """A stored position may be refused when the pass resumes (Lever answers 400 "Invalid offset token" for a token
    it no longer honours): the pass is read again from its start, and the rows merge on their keys."""
    import dlt

    from ats_pipeline.sources.lever.client import LeverClient
    from ats_pipeline.sources.lever.settings import LeverOptions
    from ats_pipeline.sources.slices import RESUME_KEY, SliceBudget, sliced_pass

    _, sandbox = box
    endpoint = sandbox.endpoints()["lever"]
    client = LeverClient(
        connection="lever", base_url=endpoint["base_url"], api_key=endpoint["api_key"], options=LeverOptions()
    )
    listed = {record["id"] for page in client.list_pages("opportunities") for record in page}

    @dlt.resource(name="opportunities", primary_key="id", write_disposition="merge")
    def opportunities() -> Iterator[Any]:
        dlt.current.resource_state()[RESUME_KEY] = "stale-token"  # what a pass interrupted long ago left
        yield from sliced_pass(lambda at: client.list_pass("opportunities", None, at), SliceBudget(10_000), "o")

    pipeline = dlt.pipeline("refused", destination=dlt.destinations.duckdb(str(tmp_path / "w.duckdb")),
                            dataset_name="raw", pipelines_dir=str(tmp_path / "dlt"))  # fmt: skip
    pipeline.run(opportunities())
    with pipeline.sql_client() as sql:
        stored = {row[0] for row in sql.execute_sql("select id from opportunities")}
    assert stored == listed and len(listed) > 100
    assert RESUME_KEY not in pipeline.state["sources"]["refused"]["resources"]["opportunities"]
