"""Generate a sandbox world and report time, rows per table and peak memory.

python benchmarks/world.py --applications 100000 --seed 42            # in a temporary file
python benchmarks/world.py --applications 2000 --memory --advance 14  # in memory, then one time move
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ats_pipeline.sandbox.world import World, WorldConfig  # noqa: E402
from ats_pipeline.sandbox.world.schema import TABLES  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory", action="store_true", help="generate in memory instead of a temporary file")
    parser.add_argument("--path", type=Path, help="file to generate (must not exist)")
    parser.add_argument("--advance", type=int, default=0, help="then advance this many days and time it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = ":memory:" if args.memory else (args.path or Path(tmp) / "world.duckdb")
        config = WorldConfig(seed=args.seed, applications=args.applications)
        started = time.perf_counter()
        world = World.generate(config, path)
        elapsed = time.perf_counter() - started
        print(f"generated {args.applications:,} applications (seed {args.seed}) in {elapsed:.2f} s -> {path}")
        cur = world.cursor()
        total = 0
        for table in TABLES:
            n = cur.execute(f"select count(*) from {table}").fetchone()[0]
            total += n
            print(f"  {table:<24}{n:>12,}")
        print(f"  {'total rows':<24}{total:>12,}")
        if path != ":memory:":
            print(f"file size: {Path(path).stat().st_size / 2**20:,.0f} MiB")
        print(f"peak RSS after generation: {peak_rss_mb():,.0f} MiB")
        if args.advance:
            started = time.perf_counter()
            changes = world.advance(args.advance)
            print(f"advance({args.advance}) in {time.perf_counter() - started:.2f} s: {changes}")
            print(f"peak RSS: {peak_rss_mb():,.0f} MiB")
        started = time.perf_counter()
        truth = world.ground_truth()
        print(f"ground truth in {time.perf_counter() - started:.2f} s: {truth.applications:,} applications, "
              f"{truth.hires:,} hires, impact ratio (gender/female/screen) "
              f"{truth.impact_ratio('gender', 'female', 'screen')}")  # fmt: skip
        world.close()


if __name__ == "__main__":
    main()
