"""Extraction benchmark: a full sync of one vendor against its emulator at the vendor's real rate limit.

    .venv/bin/python benchmarks/extract.py --vendor greenhouse --applications 10000 [--latency-ms 100]

The sandbox (world + emulator) runs in a child process so the figures below are the extractor's alone:
requests/s achieved vs the vendor's ceiling (overall and during the per-parent fan-out), rows/s, 429s received,
retries and peak RSS. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RELAXED_PER_SECOND = 2000
sys.path.insert(0, str(ROOT))


def _serve(
    vendor: str, applications: int, seed: int, latency_ms: float, relaxed: bool, world_path: str, conn: Any
) -> None:
    from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
    from ats_pipeline.sandbox.sandbox import Sandbox
    from ats_pipeline.sandbox.world import World, WorldConfig

    world = World.generate(WorldConfig(seed=seed, applications=applications), world_path)
    # rate_limit=None: the vendor's documented (real) limit; --relaxed lifts it to measure memory at scale.
    limit = RateLimitSettings(limit=RELAXED_PER_SECOND, window_seconds=1) if relaxed else None
    box = Sandbox(world, vendors=[vendor], settings={vendor: EmulatorSettings(latency_ms=latency_ms, rate_limit=limit)})
    box.start()
    emulator = box.emulators[vendor]
    limit = emulator.settings.rate_limit or emulator.default_rate_limit()
    conn.send({"endpoints": box.endpoints(), "limit": limit.model_dump()})
    conn.recv()  # wait until the sync is done
    log = list(emulator.request_log)
    conn.send(
        {
            "requests": len(log),
            "throttled": sum(1 for e in log if e.status == 429),
            "by_path": _count_paths(log),
        }
    )
    box.stop()
    world.close()


def _count_paths(log: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in log:
        counts[entry.path] = counts.get(entry.path, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:8])


class RssSampler:
    """Samples this process's RSS in a thread, to tell which dlt step (extract, normalize, load) sets the peak."""

    def __init__(self, interval: float = 0.25) -> None:
        import psutil

        self._process = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.samples: list[tuple[float, int]] = []  # (wall-clock time, rss bytes)
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), self._process.memory_info().rss))
            self._stop.wait(self._interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_between(self, start: float, end: float) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)


def step_peaks(sampler: RssSampler, pipeline_names: list[str], pipelines_dir: Path) -> list[str]:
    """Peak sampled RSS during each dlt step of each pipeline the sync ran (from the pipelines' saved traces)."""
    import dlt

    lines = []
    for name in pipeline_names:
        trace = dlt.attach(pipeline_name=name, pipelines_dir=str(pipelines_dir)).last_trace
        for step in trace.steps if trace else []:
            if step.step == "run" or step.finished_at is None:
                continue
            start, end = step.started_at.timestamp(), step.finished_at.timestamp()
            peak = sampler.peak_between(start, end) / 2**20
            lines.append(f"{name}.{step.step}: {end - start:.1f} s, peak {peak:,.0f} MB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vendor", default="greenhouse")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument(
        "--relaxed", action="store_true", help="lift the rate limit (server and client) to measure memory at scale"
    )
    parser.add_argument(
        "--warehouse",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a warehouse setting (value read as YAML), e.g. load_memory_limit=64MB or load_slice_records=null",
    )
    args = parser.parse_args()
    warehouse = {key: yaml.safe_load(value) for key, _, value in (item.partition("=") for item in args.warehouse)}

    from ats_pipeline.config import parse_config
    from ats_pipeline.sync import sync_connection

    workdir = Path(tempfile.mkdtemp(prefix="ats-bench-"))
    parent, child = mp.Pipe()
    server = mp.get_context("spawn").Process(
        target=_serve,
        args=(
            args.vendor,
            args.applications,
            args.seed,
            args.latency_ms,
            args.relaxed,
            str(workdir / "world.duckdb"),
            child,
        ),
    )
    server.start()
    ready = parent.recv()
    limit = ready["limit"]
    ceiling = limit["limit"] / limit["window_seconds"]

    config = parse_config(
        {
            "warehouse": {"path": str(workdir / "warehouse.duckdb"), **warehouse},
            "connections": [
                {
                    "name": args.vendor,
                    "vendor": args.vendor,
                    "options": {"sandbox": True}
                    | ({"rate_limit": {"requests": RELAXED_PER_SECOND, "per_seconds": 1}} if args.relaxed else {}),
                }
            ],
        },
        source="benchmark",
        base_dir=workdir,
    )
    # Page arrival times per resource, to measure the request rate during the fan-out separately.
    first_page: dict[str, float] = {}
    last_page: dict[str, float] = {}

    def progress(_connection: str, table: str, _rows: int) -> None:
        now = time.monotonic()
        first_page.setdefault(table, now)
        last_page[table] = now

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    wall_start = time.time()
    with RssSampler() as sampler:
        result = sync_connection(config, config.connections[0], ready["endpoints"], progress=progress)
    seconds = time.monotonic() - started
    parent.send("done")
    served = parent.recv()
    server.join(timeout=60)

    rows = sum(result.rows.values())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vendor                 {args.vendor}")
    print(f"applications           {args.applications:,}  (latency {args.latency_ms:.0f} ms per request)")
    print(
        f"rate ceiling           {ceiling:.2f} requests/s ({limit['kind']}, {limit['limit']}/{limit['window_seconds']} s)"
    )
    print(f"duration               {seconds:.1f} s")
    print(
        f"requests (server)      {served['requests']:,}  -> {served['requests'] / seconds:.2f} /s "
        f"= {100 * served['requests'] / seconds / ceiling:.0f}% of ceiling"
    )
    print(
        f"429s received          {served['throttled']}  (client saw {result.requests.get('throttled', 0)}, "
        f"retries {result.requests.get('retries', 0)})"
    )
    print(f"rows loaded            {rows:,}  -> {rows / seconds:,.0f} rows/s, in {result.slices} load package(s)")
    print(f"peak RSS (extractor)   {rss_mb:,.0f} MB  (before the sync: {base_rss:,.0f} MB)")
    datasets = sorted({key.split(".", 1)[0] for key in result.rows})
    for line in step_peaks(sampler, [f"ats_{d}" for d in datasets], config.data_dir / "dlt"):
        print(f"  {line}")
    if result.slices > 1:  # which run of a sliced sync set the peak (each run: extract, normalize, load)
        peaks, since = [], wall_start
        for info in result.load_info:
            until = info.finished_at.timestamp() if info.finished_at else time.time()
            peaks.append(f"{sampler.peak_between(since, until) / 2**20:,.0f}")
            since = until
        print(f"peak RSS per run (MB)  {' '.join(peaks)}  (one per dataset per package, in order)")
    print(f"busiest paths          {served['by_path']}")
    print(f"work folder            {workdir}  (kept: benchmarks/load_step.py re-runs its load step)")
    spans = {t: last_page[t] - first_page[t] for t in first_page if last_page[t] > first_page[t]}
    if spans:
        longest = max(spans, key=spans.get)
        print(f"longest resource       {longest}: pages over {spans[longest]:.1f} s")


if __name__ == "__main__":
    main()
