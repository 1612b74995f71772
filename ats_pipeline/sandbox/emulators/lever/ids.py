"""Lever-style ids for world rows, and epoch-millisecond timestamps.

Lever ids are UUID strings. The emulator derives them from the world's integer ids so that they are stable
(same world, same ids), look like random v4 UUIDs, and can be turned back into world ids without a lookup table:
the last 48 bits hold the world id under a keyed permutation (a small Feistel network, one key per kind), the
rest is a keyed hash of (kind, id) that is checked on the way back. Ids of different kinds for the same row (an opportunity and its application) share nothing visible,
so a client cannot link records the API does not link (e.g. anonymous EEO responses).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import datetime
from functools import lru_cache

_KEY = b"ats-pipeline-sandbox:lever"
_LOW_BITS = 48
_LOW_MASK = (1 << _LOW_BITS) - 1
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# Lever's built-in first stage of its lead pipeline; its id is a word, not a UUID.
LEAD_NEW = "lead-new"


_HALF_BITS = _LOW_BITS // 2
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 4


def _round(kind: str, n: int, half: int) -> int:
    digest = hashlib.blake2b(f"{kind}:{n}:{half}".encode(), key=_KEY, digest_size=3).digest()
    return int.from_bytes(digest, "big")


def _permute(kind: str, value: int) -> int:
    left, right = value >> _HALF_BITS, value & _HALF_MASK
    for n in range(_ROUNDS):
        left, right = right, left ^ _round(kind, n, right)
    return (left << _HALF_BITS) | right


def _unpermute(kind: str, value: int) -> int:
    left, right = value >> _HALF_BITS, value & _HALF_MASK
    for n in reversed(range(_ROUNDS)):
        left, right = right ^ _round(kind, n, left), left
    return (left << _HALF_BITS) | right


@lru_cache(maxsize=200_000)
def lever_id(kind: str, neutral: int) -> str:
    """The UUID of world row ``neutral`` rendered as a ``kind`` ("opportunity", "user", ...)."""
    if not 0 <= neutral <= _LOW_MASK:
        raise ValueError(f"world id out of range: {neutral}")
    head = hashlib.blake2b(f"{kind}:{neutral}".encode(), key=_KEY, digest_size=10).hexdigest()
    variant = "89ab"[int(head[16], 16) % 4]
    low = _permute(kind, neutral)
    return f"{head[0:8]}-{head[8:12]}-4{head[13:16]}-{variant}{head[17:20]}-{low:012x}"


def neutral_id(kind: str, value: str) -> int | None:
    """The world id behind a ``kind`` UUID, or None when ``value`` is not one (another kind, tampered, junk)."""
    value = value.strip().lower()
    if not _UUID.match(value):
        return None
    neutral = _unpermute(kind, int(value[-12:], 16))
    return neutral if lever_id(kind, neutral) == value else None


def optional_id(kind: str, neutral: int | None) -> str | None:
    return None if neutral is None else lever_id(kind, neutral)


def ms(value: datetime | None) -> int | None:
    """Epoch milliseconds of a naive UTC world timestamp (Lever's only timestamp format)."""
    if value is None:
        return None
    return calendar.timegm(value.utctimetuple()) * 1000 + value.microsecond // 1000
