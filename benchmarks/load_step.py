"""Load-step benchmark: re-run only dlt's load step of a finished extract.py run, in a fresh process and warehouse.

    .venv/bin/python benchmarks/extract.py --vendor ashby --applications 100000 --latency-ms 0 --relaxed
    .venv/bin/python benchmarks/load_step.py /tmp/ats-bench-<suffix> [--memory-limit 128MB] [--threads 1] ...

extract.py leaves its work folder in /tmp (it prints it); the dlt pipelines there keep their loaded packages. This
script copies each pipeline folder, turns its last loaded package back into a pending one, and loads it into a new
warehouse with the settings given, printing the peak RSS of the loading process and the load time. A 100k sync takes
tens of minutes; its load step, seconds: this is how to try load settings at scale. Not part of `make test`.

--rounds N loads the package N times into one warehouse with its keys suffixed per round, as a sync delivered in N
slices would; --trace prints the statements after which the loader's RSS grew.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pending_copy(pipeline_dir: Path, target: Path, index: int = -1) -> str:
    """Copy a pipeline folder to ``target`` with one loaded package (by default the last) pending again; returns
    the load id."""
    shutil.copytree(pipeline_dir, target, ignore=shutil.ignore_patterns("extracted", "trace.pickle"))
    loaded = target / "load" / "loaded"
    load_id = sorted(p.name for p in loaded.iterdir())[index]
    package = target / "load" / "normalized" / load_id
    shutil.move(str(loaded / load_id), str(package))
    for other in loaded.iterdir():
        shutil.rmtree(other)
    new_jobs = package / "new_jobs"
    for done in (package / "completed_jobs").iterdir():
        if done.suffix == ".sql":  # merge follow-up jobs are generated again at load time
            done.unlink()
        else:
            done.rename(new_jobs / done.name)
    (package / "package_completed.json").unlink(missing_ok=True)
    (package / "applied_schema_updates.json").rename(package / "schema_updates.json")  # tables are created again
    for folder in (".pending_transitions", ".progress", ".restore"):
        shutil.rmtree(package / folder, ignore_errors=True)
        (package / folder).mkdir()
    return load_id


def high_water_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it does not inherit the parent's peak across fork + exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trace_statements() -> None:
    """Print the statements after which the process's RSS rose by more than 5 MB (to stderr)."""
    import contextlib

    import psutil
    from dlt.destinations.impl.duckdb.sql_client import DuckDbSqlClient

    process = psutil.Process()
    original = DuckDbSqlClient.execute_query

    @contextlib.contextmanager
    def traced(self: DuckDbSqlClient, query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        rss = process.memory_info().rss
        started = time.monotonic()
        with original(self, query, *args, **kwargs) as cursor:
            yield cursor
        grew = (process.memory_info().rss - rss) / 2**20
        if grew > 5:
            text = " ".join(str(query).split())[:160]
            print(f"+{grew:5.0f} MB {time.monotonic() - started:5.1f} s  {text}", file=sys.stderr, flush=True)

    DuckDbSqlClient.execute_query = traced  # type: ignore[method-assign]


def split_files(package: Path, rows: int) -> None:
    """Rewrite each parquet job file of a pending package as files of at most ``rows`` rows (what dlt's
    ``data_writer.file_max_items`` does at normalize time)."""
    import pyarrow.parquet as pq

    for path in sorted((package / "new_jobs").glob("*.parquet")):
        table_name, file_id, retry, ext = path.name.split(".")
        data = pq.read_table(path)
        if data.num_rows <= rows:
            continue
        for number, start in enumerate(range(0, data.num_rows, rows)):
            pq.write_table(data.slice(start, rows), path.with_name(f"{table_name}.{file_id}{number:04d}.{retry}.{ext}"))
        path.unlink()


KEYS = ("id", "_dlt_id", "_dlt_root_id", "_dlt_parent_id")


def keyed_file(path: Path, target: Path, suffix: str) -> None:
    """Write ``path``'s rows to ``target`` with every key suffixed: the same rows, as other records of the account."""
    import duckdb

    relation = duckdb.sql(f"select * from read_parquet('{path}') limit 0")
    keys = [
        f'"{c}" || \'{suffix}\' as "{c}"'
        for c, t in zip(relation.columns, relation.types, strict=True)
        if str(t) == "VARCHAR" and (c in KEYS or c.endswith("_id"))
    ]
    replaced = f"select * replace ({', '.join(keys)})" if keys else "select *"
    duckdb.sql(f"copy ({replaced} from read_parquet('{path}')) to '{target}.tmp' (format parquet)")
    os.replace(f"{target}.tmp", target)


def keyed_copy(package: Path, target: Path, suffix: str) -> None:
    """Copy a pending package with every key suffixed: the next slice of a larger account."""
    shutil.copytree(package, target)
    for path in (target / "new_jobs").glob("*.parquet"):
        keyed_file(path, path, suffix)


def multiply(package: Path, copies: int) -> None:
    """Make a pending package ``copies`` times larger (keyed copies of every file): a bigger account's package."""
    for path in sorted((package / "new_jobs").glob("*.parquet")):
        table_name, file_id, retry, ext = path.name.split(".")
        for number in range(1, copies):
            keyed_file(path, path.with_name(f"{table_name}.{file_id}x{number:03d}.{retry}.{ext}"), f"~x{number}")


def load_in_this_process(args: argparse.Namespace) -> None:
    import dlt
    from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials

    from ats_pipeline.memory import tune_allocator

    tune_allocator()
    os.environ["LOAD__WORKERS"] = str(args.workers)
    os.environ.setdefault("LOAD__TRUNCATE_STAGING_DATASET", "true")
    global_config: dict[str, object] = {"memory_limit": args.memory_limit, "threads": args.threads}
    for setting in args.set:
        key, _, value = setting.partition("=")
        global_config[key] = value
    if args.trace:
        trace_statements()
    before = high_water_mb()
    started = time.monotonic()
    rounds = Path(args.pipelines_dir).parent / "rounds"
    for number in range(args.rounds):
        for pipeline_dir in sorted(Path(args.pipelines_dir).iterdir()):
            name = pipeline_dir.name
            for package in (rounds / name / str(number)).iterdir():
                shutil.move(str(package), str(pipeline_dir / "load" / "normalized" / package.name))
            pipeline = dlt.pipeline(
                pipeline_name=name,
                destination=dlt.destinations.duckdb(DuckDbCredentials(args.warehouse, global_config=global_config)),
                dataset_name=name.removeprefix("ats_"),
                pipelines_dir=args.pipelines_dir,
            )
            info = pipeline.load()
            info.raise_on_failed_jobs()
        peak = high_water_mb()
        print(
            f"round {number + 1}: {time.monotonic() - started:.1f} s, peak {peak:,.0f} MB", file=sys.stderr, flush=True
        )
    seconds = time.monotonic() - started
    peak = high_water_mb()
    print(json.dumps({"seconds": round(seconds, 1), "peak_mb": round(peak), "before_mb": round(before)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workdir", nargs="?", help="an extract.py work folder (/tmp/ats-bench-*)")
    from ats_pipeline.config import WarehouseConfig
    from ats_pipeline.sync import LOAD_THREADS, LOAD_WORKERS

    parser.add_argument("--memory-limit", default=WarehouseConfig().loader_memory, help="DuckDB's memory_limit")
    parser.add_argument("--threads", type=int, default=LOAD_THREADS, help="DuckDB threads during the load")
    parser.add_argument("--workers", type=int, default=LOAD_WORKERS, help="dlt load workers")
    parser.add_argument("--set", action="append", default=[], help="another DuckDB setting, key=value")
    parser.add_argument(
        "--rounds", type=int, default=1, help="load the package N times, keys suffixed per round (a sync in slices)"
    )
    parser.add_argument(
        "--package", type=int, default=-1, help="which loaded package of a sliced sync (0: the first; default: last)"
    )
    parser.add_argument("--copies", type=int, default=1, help="make the package N times larger (keyed copies)")
    parser.add_argument("--file-rows", type=int, help="split the package's files to at most N rows each")
    parser.add_argument("--trace", action="store_true", help="print the statements that raised RSS by > 5 MB")
    parser.add_argument("--pipelines-dir", help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pipelines_dir:  # the child: load what the parent prepared
        load_in_this_process(args)
        return

    source = Path(args.workdir) / "dlt"
    scratch = Path(tempfile.mkdtemp(prefix="ats-load-"))
    for pipeline_dir in sorted(source.iterdir()):
        name = pipeline_dir.name
        load_id = pending_copy(pipeline_dir, scratch / "dlt" / name, args.package)
        package = scratch / "dlt" / name / "load" / "normalized" / load_id
        print(f"{name}: package {load_id}")
        if args.copies > 1:
            multiply(package, args.copies)
        if args.file_rows:
            split_files(package, args.file_rows)
        for number in range(args.rounds):
            target = scratch / "rounds" / name / str(number) / f"{float(load_id) + number:.7f}"
            keyed_copy(package, target, f"~{number}") if number else shutil.copytree(package, target)
        shutil.rmtree(package)
    child = [sys.executable, __file__, "--pipelines-dir", str(scratch / "dlt"), "--warehouse"]
    child += [str(scratch / "warehouse.duckdb"), "--memory-limit", args.memory_limit, "--threads", str(args.threads)]
    child += (
        ["--workers", str(args.workers), "--rounds", str(args.rounds)]
        + [f"--set={s}" for s in args.set]
        + ["--trace"] * args.trace
    )
    done = subprocess.run(child, capture_output=True, text=True)
    if done.returncode != 0:
        (scratch / "stderr.txt").write_text(done.stderr)
        sys.exit(f"the load failed (whole log: {scratch / 'stderr.txt'}):\n{done.stderr[-3000:]}")
    shown = ("+", "round ") if args.trace else ("round ",)
    print("\n".join(line for line in done.stderr.splitlines() if line.startswith(shown)))
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    settings = f"copies={args.copies} file_rows={args.file_rows} memory_limit={args.memory_limit} threads={args.threads} workers={args.workers} {' '.join(args.set)}"
    print(f"settings               {settings}")
    print(f"load                   {figures['seconds']} s")
    print(f"peak RSS (loader)      {figures['peak_mb']:,} MB  (before the load: {figures['before_mb']:,} MB)")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
