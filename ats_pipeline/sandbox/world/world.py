"""The ``World``: one DuckDB database holding a hiring world, readable from many threads, moved in time by one."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import duckdb

from ats_pipeline.sandbox.world import store
from ats_pipeline.sandbox.world.config import WorldConfig
from ats_pipeline.sandbox.world.ground_truth import GroundTruth, compute


class World:
    """A generated hiring world.

    Readers (emulator request threads) call ``cursor()`` and query the tables in ``schema.TABLES``; DuckDB's MVCC
    gives each query a consistent snapshot while ``advance()`` (serialised by a lock, one transaction per call)
    writes. ``config`` is the generation config (its ``now`` is the clock at generation); ``now`` is the current
    clock, which ``advance`` moves.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, config: WorldConfig, now: datetime, step: int) -> None:
        self._con = con
        self._cursor_lock = threading.Lock()  # creating cursors off one connection is not thread-safe
        self._advance_lock = threading.Lock()  # one time move at a time; readers are never blocked by it
        self.config = config
        self._now = now
        self._step = step

    @classmethod
    def generate(cls, config: WorldConfig, path: str | Path = ":memory:") -> World:
        """Create the tables at ``path`` (a new file, or ``:memory:``) and fill them."""
        from ats_pipeline.sandbox.world.generate import generate

        if str(path) != ":memory:" and Path(path).exists():
            raise FileExistsError(f"{path} exists; World.open() reopens a generated world")
        con = duckdb.connect(str(path))
        try:
            generate(con, config)
        except BaseException:
            con.close()
            raise
        return cls(con, config, config.now, 0)

    @classmethod
    def open(cls, path: str | Path) -> World:
        """Reopen a world file; its config, clock and step come from ``world_meta``."""
        if not Path(path).exists():
            raise FileNotFoundError(path)
        con = duckdb.connect(str(path))
        meta = store.read_meta(con.cursor())
        config = WorldConfig.model_validate_json(meta["config"])
        return cls(con, config, datetime.fromisoformat(meta["now"]), int(meta.get("step", "0")))

    @property
    def now(self) -> datetime:
        return self._now

    @property
    def step(self) -> int:
        """How many time moves were applied since generation."""
        return self._step

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor for the calling thread (creating cursors is serialised; using them is not)."""
        with self._cursor_lock:
            return self._con.cursor()

    def advance(self, days: int) -> dict[str, int]:
        """Move the clock ``days`` forward and apply everything that happens in between; returns change counts."""
        from ats_pipeline.sandbox.world.advance import advance

        if days < 0:
            raise ValueError("days must be >= 0")
        with self._advance_lock:
            counts, now = advance(self.cursor(), self.config, days)
            self._now = now
            self._step += 1
            return counts

    def ground_truth(self) -> GroundTruth:
        """Headline numbers computed by SQL over the current tables (see ``ground_truth.GroundTruth``)."""
        return compute(self.cursor())

    def close(self) -> None:
        with self._advance_lock, self._cursor_lock:
            self._con.close()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
