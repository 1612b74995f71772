"""DEI analytics in the restricted `dei` schema, on real data: two Greenhouse connections written by the validated
raw loader (main and restricted datasets) - the default sandbox world (seed 42, 2,000 applications, adverse impact
planted at the screen for women) and the same world with planting off - built by one `dbt build`.

Expected numbers come from the worlds (ground truth, or SQL over their tables); the statistics are checked against
scipy on hand-made 2x2 tables run through the compiled SQL of the comparisons model."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scipy import stats

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sandbox.world.ground_truth import GroundTruth
from ats_pipeline.transform import DBT_PROJECT_DIR, DbtResult, dbt_build, publish_marts, self_id_vendors
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform import greenhouse_raw

PLANTED, FAIR = "gh_planted", "gh_fair"
K = 5
DEMOGRAPHIC_WORDS = ("gender", "race", "ethnic", "veteran", "disab", "eeoc", "demographic", "self_id")
COMPILED = DBT_PROJECT_DIR / "target" / "compiled" / "ats_pipeline" / "models" / "dei" / "int_dei__comparisons.sql"


@dataclass
class DeiBuild:
    config: PipelineConfig
    result: DbtResult
    truths: dict[str, GroundTruth]
    submitted: dict[str, int]  # applicant applications with a submitted self-ID survey, per connection
    comparisons_sql: str  # compiled SQL of int_dei__comparisons, for the hand-computed cases
    jobs: dict[str, dict[int, tuple[int | None, int]]]  # per connection: job id -> (department id, applications)


@pytest.fixture(scope="module")
def dei(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeiBuild]:
    directory = tmp_path_factory.mktemp("dei")
    raw = {
        "warehouse": {"path": str(directory / "warehouse.duckdb"), "publish_dir": str(directory / "published")},
        "connections": [{"name": n, "vendor": "greenhouse", "options": {"sandbox": True}} for n in (PLANTED, FAIR)],
    }
    config = parse_config(raw, source="test", base_dir=directory)
    truths: dict[str, GroundTruth] = {}
    submitted: dict[str, int] = {}
    jobs: dict[str, dict[int, tuple[int | None, int]]] = {}
    for name, planted in ((PLANTED, True), (FAIR, False)):
        world_config = WorldConfig(seed=42, applications=2000)
        world = World.generate(world_config if planted else world_config.model_copy(update={"adverse_impact": None}))
        try:
            greenhouse_raw.load(world.cursor(), config.warehouse_path, f"raw_{name}")
            greenhouse_raw.load_restricted(world.cursor(), config.warehouse_path, f"raw_{name}_restricted")
            truths[name] = world.ground_truth()
            with world.cursor() as cur:
                submitted[name] = cur.execute(
                    "select count(*) from demographics d join applications a on a.id = d.application_id "
                    "where d.deleted_at is null and a.deleted_at is null and not a.is_prospect and a.job_id is not null"
                ).fetchone()[0]
                jobs[name] = {
                    job: (department, n)
                    for job, department, n in cur.execute(
                        "select a.job_id, j.department_id, count(*) from applications a join jobs j on j.id = a.job_id "
                        "where a.deleted_at is null and not a.is_prospect group by 1, 2"
                    ).fetchall()
                }
        finally:
            world.close()
    result = dbt_build(config)
    yield DeiBuild(config, result, truths, submitted, COMPILED.read_text(), jobs)


def _rows(config: PipelineConfig, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(config.warehouse_path), read_only=True) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_build_passes(dei: DeiBuild) -> None:
    for kind, statuses in dei.result.statuses.items():
        assert not {"error", "fail", "skipped"} & set(statuses), (kind, statuses)
    assert self_id_vendors() == ["greenhouse", "lever"]


# --- ground truth -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("connection", [PLANTED, FAIR])
def test_selection_by_gender_equals_the_world(dei: DeiBuild, connection: str) -> None:
    got = {
        (r["stage"], r["group_name"]): (r["applicants"], r["selected"])
        for r in _rows(
            dei.config,
            "select stage, group_name, applicants, selected from dei.int_dei__comparisons "
            f"where connection = '{connection}' and scope_type = 'overall' and dimension = 'gender' "
            "and step = 'component'",
        )
    }
    expected = {
        (r["kind"], r["group"]): (r["reached"], r["selected"])
        for r in dei.truths[connection].selection_by_group("gender")
        if r["reached"]
    }
    assert got == expected


def test_planted_adverse_impact_is_flagged_at_exactly_the_planted_stage_and_group(dei: DeiBuild) -> None:
    flagged = _rows(
        dei.config,
        "select scope_type, stage, dimension, group_name, impact_ratio, label from dei.int_dei__comparisons "
        f"where connection = '{PLANTED}' and is_significant",
    )
    overall = [r for r in flagged if r["scope_type"] == "overall"]
    assert [(r["stage"], r["dimension"], r["group_name"]) for r in overall] == [("screen", "gender", "female")]
    # anything flagged at a finer scope or an intersection is the same stage and group
    for r in flagged:
        assert r["stage"] == "screen"
        assert r["group_name"] == "female" or r["group_name"].startswith("female__"), r
    planted = overall[0]
    assert planted["label"] == "adverse_impact"
    assert abs(planted["impact_ratio"] - 0.6) <= 0.1
    truth = dei.truths[PLANTED].impact_ratio("gender", "female", "screen")
    assert truth is not None and abs(planted["impact_ratio"] - truth) <= 0.1
    # the displayed mart shows it (its counts are far above k)
    shown = _rows(
        dei.config,
        "select impact_ratio, selected, flip_n, label from dei.dei_adverse_impact "
        f"where connection = '{PLANTED}' and scope_type = 'overall' and stage = 'screen' and dimension = 'gender' "
        "and group_name = 'female'",
    )
    assert shown[0]["impact_ratio"] == pytest.approx(planted["impact_ratio"])
    assert shown[0]["flip_n"] >= 2 and shown[0]["label"] == "adverse_impact"


def test_nothing_is_significant_without_planting(dei: DeiBuild) -> None:
    assert query(
        dei.config, f"select count(*) from dei.int_dei__comparisons where connection = '{FAIR}' and is_significant"
    ) == [(0,)]
    tested = query(
        dei.config,
        f"select count(*) from dei.int_dei__comparisons where connection = '{FAIR}' and p_value is not null",
    )[0][0]
    assert tested > 100  # the check is not vacuous


def test_large_jobs_stand_alone_and_small_jobs_are_pooled_per_department(dei: DeiBuild) -> None:
    min_job_applications = 100  # var dei_min_job_applications, default
    for connection in (PLANTED, FAIR):
        totals = {
            (r["scope_type"], r["scope_key"]): r["applicants"]
            for r in _rows(
                dei.config,
                "select scope_type, scope_key, applicants from dei.int_dei__cells "
                f"where connection = '{connection}' and stage = 'all' and dimension = 'gender' and row_name = 'total'",
            )
        }
        sizes = dei.jobs[connection]
        key = f"greenhouse:{connection}:{{}}".format
        alone = {key(job): n for job, (_, n) in sizes.items() if n >= min_job_applications}
        pooled: dict[str, int] = {}
        departments: dict[str, int] = {}
        for department, n in sizes.values():
            department_key = key(department) if department is not None else f"{connection}:unassigned"
            departments[department_key] = departments.get(department_key, 0) + n
        for department, n in (v for v in sizes.values() if v[1] < min_job_applications):
            department_key = key(department) if department is not None else f"{connection}:unassigned"
            pooled[department_key] = pooled.get(department_key, 0) + n
        assert 0 < len(alone) < len(sizes) and pooled
        assert {k: n for (t, k), n in totals.items() if t == "job"} == alone
        assert {k: n for (t, k), n in totals.items() if t == "pooled_jobs"} == pooled
        assert {k: n for (t, k), n in totals.items() if t == "department"} == departments
        assert totals[("overall", connection)] == sum(n for _, n in sizes.values())


# --- statistics against scipy ---------------------------------------------------------------------------------------


def _hand_comparisons(sql: str, warehouse: Path, tables: list[tuple[int, int, int, int]]) -> dict[int, dict]:
    """Run the compiled comparisons model on hand-made blocks (one per table: group 'a' n1/x1, group 'b' n2/x2)."""
    sql = re.sub(r'"[^"]+"\."dei"\."int_dei__cells"', "hand_cells", sql)
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as \"{warehouse.stem}\" (read_only)")
        rows = []
        for i, (n1, x1, n2, x2) in enumerate(tables):
            for name, kind, n, x in (
                ("a", "group", n1, x1),
                ("b", "group", n2, x2),
                ("total_reported", "total_reported", n1 + n2, x1 + x2),
            ):
                rows.append(
                    (
                        f"b{i}",
                        len(rows) + 1,  # cell_row_id
                        "greenhouse",
                        "c",
                        "overall",
                        f"t{i}",
                        "screen",
                        2,
                        "component",
                        "gender",
                        name,
                        kind,
                        n,
                        x,
                    )
                )
        con.execute(
            "create temp table hand_cells (block_key varchar, cell_row_id bigint, source_system varchar, "
            "connection varchar, "
            "scope_type varchar, scope_key varchar, stage varchar, stage_order integer, step varchar, "
            "dimension varchar, row_name varchar, row_kind varchar, applicants bigint, selected bigint)"
        )
        con.executemany("insert into hand_cells values (" + ", ".join("?" * 14) + ")", rows)
        cursor = con.execute(f"select * from ({sql}) c where not is_reference")
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    return {int(r["block_key"][1:]): r for r in found}


def test_eeoc_worked_example_48_of_80_vs_12_of_40(dei: DeiBuild) -> None:
    row = _hand_comparisons(dei.comparisons_sql, dei.config.warehouse_path, [(80, 48, 40, 12)])[0]
    assert row["group_name"] == "b" and row["reference_group"] == "a"
    assert row["impact_ratio"] == pytest.approx(0.5, abs=1e-12)
    assert row["is_below_four_fifths"]
    assert row["test_used"] == "z"  # n = 120
    assert row["fisher_p"] == pytest.approx(stats.fisher_exact([[12, 28], [48, 32]])[1], abs=1e-9)
    # shortfall: expected at the overall rate (60/120) minus actual
    assert row["shortfall"] == pytest.approx(40 * 60 / 120 - 12, abs=1e-12)


def _z(n1: int, x1: int, n2: int, x2: int) -> float | None:
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0, 1):
        return None
    return (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def test_fisher_and_z_match_scipy_and_the_small_sample_rule(dei: DeiBuild) -> None:
    import random

    rng = random.Random(5)
    tables = [
        (80, 48, 40, 12),
        (10, 9, 8, 1),
        (12, 6, 12, 6),
        (7, 0, 9, 9),
        (3, 1, 4, 3),
        (500, 300, 480, 150),
        (600, 450, 570, 240),  # within int_dei__log_factorials (up to the largest step)
        (300, 4, 200, 1),
    ]
    for _ in range(60):
        n1, n2 = rng.randint(1, 60), rng.randint(1, 60)
        tables.append((n1, rng.randint(0, n1), n2, rng.randint(0, n2)))
    rows = _hand_comparisons(dei.comparisons_sql, dei.config.warehouse_path, tables)
    checked_fisher = checked_z = 0
    for i, (n1, x1, n2, x2) in enumerate(tables):
        row = rows[i]
        # the compared group is the lower-rate one ('a' is the reference when its rate is higher or equal)
        if row["group_name"] == "b":
            g, r = (n2, x2), (n1, x1)
        else:
            g, r = (n1, x1), (n2, x2)
        expected_p = stats.fisher_exact([[g[1], g[0] - g[1]], [r[1], r[0] - r[1]]])[1]
        assert row["fisher_p"] == pytest.approx(expected_p, abs=1e-9), (tables[i], row)
        z = _z(g[0], g[1], r[0], r[1])
        if z is None:
            assert row["z_score"] is None
        else:
            assert row["z_score"] == pytest.approx(z, abs=1e-9)
            assert row["z_p"] == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-9)
            checked_z += 1
        n, selected_all = g[0] + r[0], g[1] + r[1]
        small = n < 30 or min(g[0], r[0]) * min(selected_all, n - selected_all) < 5 * n  # an expected cell < 5
        if g[0] + r[0] < 30:
            assert row["test_used"] == "fisher", tables[i]
            checked_fisher += 1
        assert row["test_used"] == ("fisher" if small else "z"), (tables[i], row["test_used"])
        assert row["p_value"] == pytest.approx(
            expected_p if small else (2 * stats.norm.sf(abs(z)) if z else 1.0), abs=1e-9
        )
    assert checked_fisher >= 10 and checked_z >= 30


# --- suppression ----------------------------------------------------------------------------------------------------


def test_no_visible_count_below_k(dei: DeiBuild) -> None:
    for table, columns in (
        ("dei_representation", ("reached", "selected", "hired", "declined_count", "not_submitted_count")),
        (
            "dei_adverse_impact",
            (
                "applicants",
                "selected",
                "reference_applicants",
                "reference_selected",
                "applications_at_step",
                "declined_count",
                "not_submitted_count",
            ),
        ),
    ):
        for column in columns:
            assert query(dei.config, f"select count(*) from dei.{table} where {column} < {K}") == [(0,)], (
                table,
                column,
            )
    # complements are displayed counts too: reached - selected, reached - hired
    assert query(
        dei.config,
        f"select count(*) from dei.dei_representation where reached - selected < {K} or reached - hired < {K}",
    ) == [(0,)]
    suppressed = query(
        dei.config,
        "select count(*) filter (suppression_reason = 'primary'), count(*) filter (suppression_reason = "
        "'complementary'), count(*) filter (not is_suppressed) from dei.int_dei__suppression",
    )[0]
    assert all(n > 0 for n in suppressed)


def test_no_hidden_cell_is_recoverable_from_visible_cells_and_totals(dei: DeiBuild) -> None:
    # every additive constraint (rows, block totals, parent = sum of children) hides 0 or >= 2 of its cells
    single = query(
        dei.config,
        "select count(*) from (select constraint_id from dei.int_dei__suppression_constraints m "
        "join dei.int_dei__suppression s using (cell_id) group by 1 "
        "having sum(case when s.is_suppressed then 1 else 0 end) = 1)",
    )
    assert single == [(0,)]
    # and read straight from the displayed mart: per block and measure, groups + total_reported never hide
    # exactly one value; per row, reached/selected/not-selected never hide exactly one
    rows = _rows(dei.config, "select * from dei.dei_representation")
    blocks: dict[tuple, dict[str, dict]] = {}
    for r in rows:
        blocks.setdefault((r["connection"], r["stage"], r["dimension"]), {})[r["group_name"]] = r
    checked = 0
    for block in blocks.values():
        for measure in ("reached", "selected", "hired"):
            members = [r[measure] for r in block.values() if r["row_kind"] in ("group", "total_reported")]
            assert sum(v is None for v in members) != 1
            everything = [r[measure] for r in block.values() if r["row_kind"] != "group"]
            assert sum(v is None for v in everything) != 1
            checked += 1
        for r in block.values():
            for other in ("selected", "hired"):
                # the complement (reached - other) is hidden iff one of the two is
                assert not (r["reached"] is not None and r[other] is None and r[f"{other}_suppressed"] is False)
    assert checked > 50


# --- privacy --------------------------------------------------------------------------------------------------------


def test_no_demographic_column_outside_the_restricted_schema(dei: DeiBuild) -> None:
    columns = query(
        dei.config,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema <> 'dei' and table_schema not like 'raw\\_%\\_restricted' escape '\\'",
    )
    assert len(columns) > 500
    leaks = [c for c in columns if any(w in c[2].lower() for w in DEMOGRAPHIC_WORDS)]
    assert not leaks
    # the restricted schema does hold them (the check above could fail)
    assert query(dei.config, "select count(*) from information_schema.tables where table_schema = 'dei'")[0][0] >= 10


def test_everything_downstream_of_self_id_data_is_in_the_restricted_schema(dei: DeiBuild) -> None:
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest["sources"]}
    restricted = {
        uid for uid, n in manifest["sources"].items() if n.get("config", {}).get("meta", {}).get("restricted")
    } | {uid for uid, n in manifest["nodes"].items() if n["resource_type"] == "seed" and "dei" in n.get("tags", [])}
    assert restricted
    children = manifest["child_map"]
    seen, todo = set(), list(restricted)
    while todo:
        uid = todo.pop()
        for child in children.get(uid, []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    downstream = [nodes[u] for u in seen if u in nodes and nodes[u]["resource_type"] in ("model", "seed", "snapshot")]
    assert len(downstream) >= 10
    outside = [n["unique_id"] for n in downstream if n["schema"] != "dei"]
    assert not outside
    # ... and nothing of it is published for BI tools
    published = publish_marts(dei.config)
    assert published and not [p for p in published if p.startswith("dei.") or "dei_" in p]


# --- representation and coverage ------------------------------------------------------------------------------------


def test_representation_and_coverage(dei: DeiBuild) -> None:
    truth = dei.truths[PLANTED]
    coverage = {r["connection"]: r for r in _rows(dei.config, "select * from dei.dei_coverage")}
    assert set(coverage) == {PLANTED, FAIR}
    for name, row in coverage.items():
        assert row["self_id_availability"] == "available"
        assert row["applications"] == dei.truths[name].applications
        assert row["applications_with_self_id"] == dei.submitted[name]
    # applied stage, gender: reached per reported group and the declined / not-submitted counts add up
    rows = {
        r["group_name"]: r
        for r in _rows(
            dei.config,
            f"select * from dei.dei_representation where connection = '{PLANTED}' and stage = 'all' "
            "and dimension = 'gender'",
        )
    }
    assert rows["total"]["reached"] == truth.applications
    expected = {r["group"]: r["reached"] for r in truth.selection_by_group("gender") if r["kind"] == "applied"}
    assert {g: rows[g]["reached"] for g in expected} == expected
    assert rows["total"]["response_rate"] == pytest.approx(rows["total_reported"]["reached"] / truth.applications)
    assert rows["total"]["not_submitted_count"] == truth.applications - dei.submitted[PLANTED]
