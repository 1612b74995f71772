"""dbt benchmark: `dbt build` (models, seeds, data and unit tests) on a world of N applications, then publishing.

    .venv/bin/python benchmarks/dbt_build.py --applications 1000000 --world /tmp/world1m.duckdb [--check]

The world is generated (or reopened from --world), and its Greenhouse raw tables are written straight into a
fresh warehouse shaped like a dlt sync of the emulator (ats_pipeline_tests/transform/greenhouse_raw.py, checked
against a real sync by the test suite): syncing a million applications over HTTP would measure the extractor,
not dbt. Then `dbt build` runs exactly as the pipeline runs it (ats_pipeline.transform.dbt_build). --check
compares the marts with the world's ground truth. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ats_pipeline.config import parse_config  # noqa: E402
from ats_pipeline.sandbox.world import World, WorldConfig  # noqa: E402
from ats_pipeline.transform import DBT_PROJECT_DIR, dbt_build, publish_marts  # noqa: E402
from ats_pipeline_tests.transform.greenhouse_raw import load, load_restricted  # noqa: E402


def _world(args: argparse.Namespace) -> World:
    if args.world and args.world.exists():
        return World.open(args.world)
    started = time.perf_counter()
    world = World.generate(WorldConfig(seed=args.seed, applications=args.applications), args.world or ":memory:")
    print(f"world: {args.applications:,} applications generated in {time.perf_counter() - started:.1f} s")
    return world


def _check(world: World, warehouse: Path) -> None:
    import duckdb

    truth = world.ground_truth()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kinds = dict(
            (k, (s, i))
            for k, s, i in con.execute(
                "select canonical_stage, sum(reached_strict), sum(reached_imputed) from analytics.funnel_by_cohort "
                "group by 1"
            ).fetchall()
        )
        hires = con.execute("select count(*) from analytics.fct_applications where status = 'hired'").fetchone()[0]
        offers = dict(con.execute("select offer_status, count(*) from analytics.fct_offers group by 1").fetchall())
        median = con.execute("select median_hours from analytics.time_to_hire where grain = 'all'").fetchone()[0]
    expected = {r["kind"]: (r["reached_strict"], r["reached_imputed"]) for r in truth.kind_reached}
    checks = {
        "stage reached (strict, imputed) per canonical stage": all(kinds.get(k) == v for k, v in expected.items()),
        "hires": hires == truth.hires,
        "offers by status": offers == truth.offers_by_status,
        "time-to-hire median (hours)": abs(median - truth.time_to_hire_hours["median"]) < 1e-6,
    }
    for name, ok in checks.items():
        print(f"  {'OK  ' if ok else 'FAIL'} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--world", type=Path, help="world file: reopened if it exists, else generated there")
    parser.add_argument("--check", action="store_true", help="compare the marts with the world's ground truth")
    args = parser.parse_args()

    world = _world(args)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        config = parse_config(
            {
                "warehouse": {"path": str(directory / "warehouse.duckdb"), "publish_dir": str(directory / "pub")},
                "connections": [{"name": "greenhouse", "vendor": "greenhouse", "options": {"sandbox": True}}],
            },
            source="benchmark",
            base_dir=directory,
        )
        started = time.perf_counter()
        counts = load(world.cursor(), config.warehouse_path, "raw_greenhouse")
        # the self-ID tables too, so the restricted DEI models are built at scale as well
        counts |= load_restricted(world.cursor(), config.warehouse_path, "raw_greenhouse_restricted")
        print(f"raw tables written in {time.perf_counter() - started:.1f} s: {sum(counts.values()):,} rows")
        for table, n in counts.items():
            print(f"  {table:<30}{n:>12,}")

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = dbt_build(config, publish=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"dbt build: {result.seconds:.1f} s - {result.statuses} ({len(result.warnings)} warnings)")
        # Wall time depends on what else runs on the machine; CPU time does not (much): on 2 idle cores the
        # wall time is at least cpu / 2.
        print(f"  CPU time of the dbt process: {cpu:.1f} s; load average now: {os.getloadavg()[0]:.2f}")
        timings = json.loads((DBT_PROJECT_DIR / "target" / "run_results.json").read_text())
        print(f"  dbt's own elapsed time (after parsing): {timings['elapsed_time']:.1f} s; slowest nodes:")
        for node in sorted(timings["results"], key=lambda r: -r["execution_time"])[:10]:
            print(f"    {node['execution_time']:6.1f} s  {node['unique_id']}")
        started = time.perf_counter()
        published = publish_marts(config)
        print(f"published {len(published)} marts in {time.perf_counter() - started:.1f} s")
        if args.check:
            _check(world, config.warehouse_path)
    world.close()


if __name__ == "__main__":
    main()
