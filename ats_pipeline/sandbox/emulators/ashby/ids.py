"""Ashby-style ids (UUID strings) derived from the world's integer ids, and back.

A uuid5 would do for rendering, but filters (``applicationId``, ``jobId``, ``interviewPlanId``) must be turned back
into world ids without a lookup table, so the id is *encoded* in the UUID: bytes 9-15 hold the world id scrambled by
a keyed 4-round Feistel permutation (so consecutive ids do not share digits), bytes 0-7 a hash of (kind, id) that
lets ``decode`` reject a UUID of another kind or a made-up one. Version 4 and RFC 4122 variant bits are set, so the
ids look like Ashby's.
"""

from __future__ import annotations

import hashlib
import uuid

_ID_BYTES = 7  # world ids below 2**56


def _digest(text: str) -> bytes:
    return hashlib.sha256(f"ats-pipeline/ashby:{text}".encode()).digest()


_HALF = _ID_BYTES * 4  # bits per Feistel half
_HALF_MASK = (1 << _HALF) - 1


def _round(kind: str, step: int, half: int) -> int:
    return int.from_bytes(_digest(f"{kind}:{step}:{half}")[:4], "big") & _HALF_MASK


def _scramble(kind: str, value: int, reverse: bool = False) -> int:
    left, right = value >> _HALF, value & _HALF_MASK
    if not reverse:
        for step in range(4):
            left, right = right, left ^ _round(kind, step, right)
    else:
        for step in reversed(range(4)):
            left, right = right ^ _round(kind, step, left), left
    return (left << _HALF) | right


def encode(kind: str, ident: int) -> str:
    check = bytearray(_digest(f"{kind}:{ident}")[:8])
    check[6] = (check[6] & 0x0F) | 0x40  # version 4
    variant = 0x80 | (_digest(kind)[8] & 0x3F)  # RFC 4122 variant
    tail = _scramble(kind, int(ident)).to_bytes(_ID_BYTES, "big")
    return str(uuid.UUID(bytes=bytes(check) + bytes([variant]) + tail))


def uid(kind: str, ident: int | None) -> str | None:
    """The Ashby id of world row ``ident`` of ``kind`` (None stays None)."""
    return None if ident is None else encode(kind, ident)


def decode(kind: str, value: object) -> int | None:
    """The world id behind an Ashby id of ``kind``; None when ``value`` is not such an id."""
    if not isinstance(value, str):
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    ident = _scramble(kind, int.from_bytes(parsed.bytes[9:], "big"), reverse=True)
    return ident if encode(kind, ident) == str(parsed) else None


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
