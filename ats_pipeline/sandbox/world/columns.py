"""Numpy → Arrow column helpers. Times are int64 seconds since the Unix epoch (naive UTC) inside the world code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NA = np.iinfo(np.int64).min  # "no value" in int64 id/time arrays
NEVER = np.iinfo(np.int64).max  # "not yet" for horizons/closing times
DAY = 86_400
HOUR = 3_600
_EPOCH = datetime(1970, 1, 1)


def to_sec(value: datetime) -> int:
    return int((value - _EPOCH).total_seconds())


def from_sec(value: int) -> datetime:
    return _EPOCH + timedelta(seconds=int(value))


def ts(secs: np.ndarray) -> pa.Array:
    """TIMESTAMP column; NA → null."""
    secs = np.asarray(secs, dtype=np.int64)
    mask = secs == NA
    return pa.array(np.where(mask, 0, secs), type=pa.timestamp("s"), mask=mask if mask.any() else None)


def date(secs: np.ndarray) -> pa.Array:
    """DATE column from seconds (the UTC calendar day); NA → null."""
    secs = np.asarray(secs, dtype=np.int64)
    mask = secs == NA
    days = np.where(mask, 0, secs // DAY).astype(np.int32)
    return pa.array(days, type=pa.date32(), mask=mask if mask.any() else None)


def ids(values: np.ndarray) -> pa.Array:
    """BIGINT column; NA → null."""
    values = np.asarray(values, dtype=np.int64)
    mask = values == NA
    return pa.array(np.where(mask, 0, values), type=pa.int64(), mask=mask if mask.any() else None)


def pick(vocab: Sequence[str] | pa.Array, index: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Strings ``vocab[index]`` without building Python objects per row; ``null`` marks nulls."""
    dictionary = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), type=pa.string())
    index = np.asarray(index, dtype=np.int64)
    mask = None if null is None or not null.any() else np.asarray(null, dtype=bool)
    return dictionary.take(pa.array(index, mask=mask))


def join(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    """Element-wise string concatenation of arrays and literals (null if any array part is null)."""
    n = next(len(p) for p in parts if not isinstance(p, str))
    arrays = [pa.array([p] * n, type=pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*arrays, sep)


def num(values: np.ndarray, width: int = 0) -> pa.Array:
    """Integers as strings, zero-padded to ``width``."""
    text = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(text, width, "0") if width else text


def strings(values: Sequence[str | None]) -> pa.Array:
    return pa.array(list(values), type=pa.string())
