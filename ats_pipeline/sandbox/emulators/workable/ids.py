"""Workable-style identifiers derived from the world's integer ids (stable for a world, reversible).

Workable exposes short lower-case hex ids (candidates, members, activities, ...) that are *not* the ids of its own
application, jobs identified by an upper-case ``shortcode``, and stage slugs. Each kind of record gets its own
``HexIds`` space (base + n * stride) so ids of different kinds never collide, and the numeric order of an id is
the order of the world id: ``since_id`` / ``max_id`` paging compares ids by value, like the API's scroll
parameters (records are sorted by insertion).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class HexIds:
    base: int
    stride: int

    def encode(self, n: int) -> str:
        return format(self.base + int(n) * self.stride, "x")

    def decode(self, text: str) -> int | None:
        """The world id behind an id of this space, or None for anything else."""
        value = hex_value(text)
        if value is None or value < self.base or (value - self.base) % self.stride:
            return None
        return (value - self.base) // self.stride

    def at_least(self, text: str) -> int:
        """Smallest world id whose encoded id is >= ``text`` (``since_id``, inclusive)."""
        value = _checked(text)
        return max(0, -(-(value - self.base) // self.stride))

    def at_most(self, text: str) -> int:
        """Largest world id whose encoded id is <= ``text`` (``max_id``, inclusive)."""
        value = _checked(text)
        return (value - self.base) // self.stride


def hex_value(text: str) -> int | None:
    text = text.strip().lower()
    if not text or len(text) > 16 or not re.fullmatch(r"[0-9a-f]+", text):
        return None
    return int(text, 16)


def _checked(text: str) -> int:
    value = hex_value(text)
    if value is None:
        raise ValueError(f"{text!r} is not an id")
    return value


# One space per record kind (7-8 hex digits for realistic world sizes).
CANDIDATES = HexIds(0x2A00000, 0x1D)
JOBS = HexIds(0x1B0000, 0x35)
MEMBERS = HexIds(0x13E00000, 0x2F)
ACTIVITIES = HexIds(0x3C00000, 0x0B)
REASONS = HexIds(0x5D000, 0x13)
EDUCATION = HexIds(0x6E00000, 0x07)
EXPERIENCE = HexIds(0x7F00000, 0x07)
DEPARTMENTS_BASE = 70_000  # department ids in department_hierarchy are integers

# Workable moves hired candidates to a "Hired" stage that is not part of the world's interview plans; give it an
# integer id per job, clear of the world's job stage ids.
HIRED_STAGE_BASE = 900_000_000


def hired_stage_id(job_id: int) -> int:
    return HIRED_STAGE_BASE + int(job_id)


def shortcode(job_id: int) -> str:
    """A job's system-generated code: ten upper-case hex characters, e.g. ``9CD658E13E``."""
    return hashlib.sha256(f"workable-job:{int(job_id)}".encode()).hexdigest()[:10].upper()


def slug(name: str) -> str:
    """Stage slug of a stage name: ``Phone Screen`` -> ``phone_screen``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
