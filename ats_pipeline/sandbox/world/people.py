"""Candidates as people: names, contact details, career history and (true) self-ID traits.

Everything here is a hash of (seed, person id) or (seed, candidate id), so any chunk or time move can rebuild
a candidate's attributes. A small share of candidates are duplicates of an earlier candidate (same person,
same name and phone, another email); time moves merge them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import DAY, NA, date, ids, join, num, pick, ts
from ats_pipeline.sandbox.world.config import GENDERS, RACES, AdverseImpact
from ats_pipeline.sandbox.world.rng import hash_choice, hash_uniform

DUP_RATE = 0.012
GENDER_WEIGHTS = (0.46, 0.51, 0.03)
RACE_WEIGHTS = (0.015, 0.15, 0.13, 0.18, 0.01, 0.515)  # order of config.RACES
TWO_OR_MORE = 0.04
PROTECTED_VETERAN = 0.05
DISABILITY = 0.08
DECLINE = {"gender": 0.08, "race": 0.12, "veteran": 0.10, "disability": 0.15}
SUBMITTED = 0.75  # share of applications whose self-ID survey was submitted


def _is_dup(seed: int, cand: np.ndarray) -> np.ndarray:
    return (hash_uniform(seed, "cand.dup", cand) < DUP_RATE) & (cand > 1)


def person_of(seed: int, cand: np.ndarray) -> np.ndarray:
    """The person behind each candidate id: itself, or the earlier candidate it duplicates."""
    cand = np.asarray(cand, dtype=np.int64)
    target = 1 + (hash_uniform(seed, "cand.dup.target", cand) * np.maximum(cand - 1, 1)).astype(np.int64)
    dup = _is_dup(seed, cand) & ~_is_dup(seed, target)
    return np.where(dup, target, cand)


@dataclass
class Traits:
    """A person's true self-ID attributes plus whether they decline to state each one."""

    gender: np.ndarray  # index into GENDERS
    races: np.ndarray  # bit mask over RACES
    veteran: np.ndarray  # bool: protected veteran
    disability: np.ndarray  # bool
    declines: dict[str, np.ndarray]

    def member(self, impact: AdverseImpact | None) -> np.ndarray:
        """Whether each person belongs to the planted group (by their true attributes)."""
        if impact is None:
            return np.zeros(len(self.gender), dtype=bool)
        if impact.dimension == "gender":
            return self.gender == GENDERS.index(impact.group)
        return (self.races >> RACES.index(impact.group)) & 1 == 1

    def declined(self, dimension: str) -> np.ndarray:
        return self.declines[dimension]


def traits(seed: int, person: np.ndarray) -> Traits:
    gender = hash_choice(seed, "p.gender", person, np.array(GENDER_WEIGHTS))
    first = hash_choice(seed, "p.race1", person, np.array(RACE_WEIGHTS))
    second = hash_choice(seed, "p.race2", person, np.array(RACE_WEIGHTS))
    second = np.where(second == first, (first + 1 + second) % len(RACES), second)
    multi = hash_uniform(seed, "p.multi", person) < TWO_OR_MORE
    races = (1 << first) | np.where(multi, 1 << second, 0)
    return Traits(
        gender=gender,
        races=races.astype(np.int64),
        veteran=hash_uniform(seed, "p.vet", person) < PROTECTED_VETERAN,
        disability=hash_uniform(seed, "p.dis", person) < DISABILITY,
        declines={k: hash_uniform(seed, f"p.decline.{k}", person) < v for k, v in DECLINE.items()},
    )


def race_lists(mask: np.ndarray, declined: np.ndarray) -> pa.Array:
    """varchar[] values: the races in the mask (in RACES order), or ['declined']."""
    bits = ((mask[:, None] >> np.arange(len(RACES))) & 1).astype(bool) & ~declined[:, None]
    bits = np.c_[bits, declined]  # a last column for 'declined'
    _rows, cols = np.nonzero(bits)  # row-major: values come out grouped by row, in column order
    offsets = np.r_[0, np.cumsum(bits.sum(axis=1))].astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pick([*RACES, "declined"], cols))


def first_last(seed: int, person: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Names consistent with the person's gender (mostly)."""
    gender = hash_choice(seed, "p.gender", person, np.array(GENDER_WEIGHTS))
    neutral = hash_uniform(seed, "p.neutral", person) < np.where(gender == 2, 0.6, 0.08)
    pools = (names.FEMALE_FIRST, names.MALE_FIRST, names.NEUTRAL_FIRST)
    offsets = np.cumsum([0, *(len(p) for p in pools)])
    pool = np.where(neutral, 2, np.minimum(gender, 1))
    within = (hash_uniform(seed, "p.first", person) * np.array([len(p) for p in pools])[pool]).astype(np.int64)
    first = pick(pools[0] + pools[1] + pools[2], offsets[pool] + within)
    last = pick(names.LAST, hash_choice(seed, "p.last", person, len(names.LAST)))
    return first, last


def phone(seed: int, person: np.ndarray, salt: str = "p.phone") -> pa.Array:
    digits = hash_choice(seed, salt, person, 10_000_000)
    return join("+1-555-", num(digits // 10_000 % 1000, 3), "-", num(digits % 10_000, 4))


def _ascii_lower(text: pa.Array) -> pa.Array:
    text = pc.utf8_lower(text)
    for src, dst in (("'", ""), ("ü", "u"), ("ã", "a"), ("é", "e")):
        text = pc.replace_substring(text, src, dst)
    return text


def candidates(seed: int, cand: np.ndarray, created: np.ndarray, updated: np.ndarray) -> tuple[pa.Table, pa.Table,
                                                                                               pa.Table]:  # fmt: skip
    """Candidate rows plus their educations and employments (ids 0-based, renumbered when stored)."""
    cand = np.asarray(cand, dtype=np.int64)
    n = len(cand)
    person = person_of(seed, cand)
    first, last = first_last(seed, person)
    domain = pick(names.EMAIL_DOMAINS, hash_choice(seed, "c.domain", cand, len(names.EMAIL_DOMAINS)))
    email = join(_ascii_lower(join(first, ".", last)), num(hash_choice(seed, "c.mail", cand, 1000)), "@", domain)
    city = pick(names.CITIES, hash_choice(seed, "p.city", person, len(names.CITIES)))

    # Career history: 0–3 jobs back from the candidate's creation; the latest is current for most people.
    n_emp = hash_choice(seed, "c.n_emp", cand, np.array([0.08, 0.37, 0.35, 0.20]))
    current = hash_uniform(seed, "c.current", cand) < 0.85
    e_cand = np.repeat(np.arange(n), n_emp)
    e_rank = np.arange(len(e_cand)) - np.repeat(np.r_[0, np.cumsum(n_emp)][:-1], n_emp)  # 0 = most recent
    key = cand[e_cand] * 8 + e_rank
    tenure = (200 + hash_uniform(seed, "e.tenure", key) * 1400).astype(np.int64) * DAY
    gap = np.where(
        e_rank == 0,
        np.where(current[e_cand], 0, (hash_uniform(seed, "e.gap", key) * 200).astype(np.int64) * DAY),
        30 * DAY,
    )
    # Walk back from the creation date: each older job ends where the next one started (minus a gap).
    e_end = np.empty(len(e_cand), dtype=np.int64)
    e_start = np.empty(len(e_cand), dtype=np.int64)
    for r in range(int(n_emp.max()) if n else 0):
        sel = e_rank == r
        if r == 0:
            e_end[sel] = created[e_cand[sel]] - gap[sel]
        else:
            prev = np.flatnonzero(e_rank == r - 1)
            prev_of = prev[np.searchsorted(e_cand[prev], e_cand[sel])]
            e_end[sel] = e_start[prev_of] - gap[sel]
        e_start[sel] = e_end[sel] - tenure[sel]
    is_current = (e_rank == 0) & current[e_cand]
    e_company = hash_choice(seed, "e.company", key, len(names.COMPANIES))
    e_title = hash_choice(seed, "e.title", key, len(names.CANDIDATE_TITLES))
    emp_order = np.lexsort((-e_rank, e_cand))  # oldest first within a candidate
    e_cand, e_rank, e_start, e_end, is_current = (a[emp_order] for a in (e_cand, e_rank, e_start, e_end, is_current))
    e_company, e_title = e_company[emp_order], e_title[emp_order]
    employments = pa.table(
        {
            "id": ids(np.arange(len(e_cand))),
            "candidate_id": ids(cand[e_cand]),
            "company_name": pick(names.COMPANIES, e_company),
            "title": pick(names.CANDIDATE_TITLES, e_title),
            "start_date": date(e_start),
            "end_date": date(np.where(is_current, NA, e_end)),
            "created_at": ts(created[e_cand]),
            "updated_at": ts(created[e_cand]),
            "deleted_at": ts(np.full(len(e_cand), NA)),
        }
    )
    has_current = np.zeros(n, dtype=bool)
    has_current[e_cand[is_current]] = True
    cur_company = np.zeros(n, dtype=np.int64)
    cur_title = np.zeros(n, dtype=np.int64)
    cur_company[e_cand[is_current]] = e_company[is_current]
    cur_title[e_cand[is_current]] = e_title[is_current]

    n_edu = hash_choice(seed, "c.n_edu", cand, np.array([0.15, 0.6, 0.25]))
    d_cand = np.repeat(np.arange(n), n_edu)
    d_rank = np.arange(len(d_cand)) - np.repeat(np.r_[0, np.cumsum(n_edu)][:-1], n_edu)
    dkey = cand[d_cand] * 4 + d_rank
    grad = created[d_cand] - ((3 + 4 * d_rank + hash_uniform(seed, "d.grad", dkey) * 12) * 365 * DAY).astype(np.int64)
    length = np.where(d_rank == 1, 2, 4) * 365 * DAY
    degree = hash_choice(seed, "d.degree", dkey, np.array(names.DEGREE_WEIGHTS))
    no_detail = hash_uniform(seed, "d.detail", dkey) < 0.1
    educations = pa.table(
        {
            "id": ids(np.arange(len(d_cand))),
            "candidate_id": ids(cand[d_cand]),
            "school_name": pick(names.SCHOOLS, hash_choice(seed, "d.school", dkey, len(names.SCHOOLS))),
            "degree": pick(names.DEGREES, degree, null=no_detail),
            "discipline": pick(
                names.DISCIPLINES, hash_choice(seed, "d.disc", dkey, len(names.DISCIPLINES)), null=no_detail
            ),
            "start_date": date(np.where(no_detail, NA, grad - length)),
            "end_date": date(np.where(no_detail, NA, grad)),
            "created_at": ts(created[d_cand]),
            "updated_at": ts(created[d_cand]),
            "deleted_at": ts(np.full(len(d_cand), NA)),
        }
    )
    no_phone = hash_uniform(seed, "c.nophone", cand) < 0.07
    table = pa.table(
        {
            "id": ids(cand),
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": pc.if_else(pa.array(no_phone), pa.nulls(n, pa.string()), phone(seed, person)),
            "company": pick(names.COMPANIES, cur_company, null=~has_current),
            "title": pick(names.CANDIDATE_TITLES, cur_title, null=~has_current),
            "city": city,
            "created_at": ts(created),
            "updated_at": ts(updated),
            "deleted_at": ts(np.full(n, NA)),
            "merged_into_id": ids(np.full(n, NA)),
            "anonymized_at": ts(np.full(n, NA)),
        }
    )
    return table, educations, employments
