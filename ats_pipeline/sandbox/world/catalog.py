"""Reference tables that exist before the first application: departments, offices, users, sources, reasons."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import DAY, NA, ids, join, num, pick, strings, ts
from ats_pipeline.sandbox.world.rng import hash_choice, rng_for

ROLES = ("recruiter", "coordinator", "hiring_manager", "interviewer", "admin")


def _stamp(n: int, at: int) -> dict[str, pa.Array]:
    return {"created_at": ts(np.full(n, at)), "updated_at": ts(np.full(n, at))}


def departments(founded: int) -> pa.Table:
    index = {name: i + 1 for i, (name, *_rest) in enumerate(names.DEPARTMENTS)}
    rows = names.DEPARTMENTS
    return pa.table(
        {
            "id": ids(np.arange(1, len(rows) + 1)),
            "name": strings([r[0] for r in rows]),
            "parent_id": ids(np.array([index[r[1]] if r[1] else NA for r in rows])),
            "external_id": strings([f"DEP-{i + 1:03d}" for i in range(len(rows))]),
            **_stamp(len(rows), founded),
        }
    )


def offices(founded: int) -> pa.Table:
    index = {row[0]: i + 1 for i, row in enumerate(names.OFFICES)}
    rows = names.OFFICES
    return pa.table(
        {
            "id": ids(np.arange(1, len(rows) + 1)),
            "name": strings([r[0] for r in rows]),
            "location": strings([r[1] for r in rows]),
            "timezone": strings([r[2] for r in rows]),
            "parent_id": ids(np.array([index[r[3]] if r[3] else NA for r in rows])),
            "external_id": strings([f"OFF-{i + 1:03d}" for i in range(len(rows))]),
            **_stamp(len(rows), founded),
        }
    )


def sources(founded: int) -> pa.Table:
    rows = names.SOURCES
    return pa.table(
        {
            "id": ids(np.arange(1, len(rows) + 1)),
            "name": strings([r[0] for r in rows]),
            "type": strings([r[1] for r in rows]),
            **_stamp(len(rows), founded),
        }
    )


def rejection_reasons(founded: int) -> pa.Table:
    rows = names.REJECTION_REASONS
    return pa.table(
        {
            "id": ids(np.arange(1, len(rows) + 1)),
            "name": strings([r[0] for r in rows]),
            "type": strings([r[1] for r in rows]),
            **_stamp(len(rows), founded),
        }
    )


def user_role_counts(n_jobs: int) -> dict[str, int]:
    """Headcount of the recruiting org grows with the number of jobs."""
    return {
        "recruiter": 3 + n_jobs // 12,
        "coordinator": 2 + n_jobs // 20,
        "hiring_manager": 3 + n_jobs // 3,
        "interviewer": 8 + n_jobs,
        "admin": 2,
    }


def users(seed: int, n_jobs: int, start: int, now: int) -> pa.Table:
    """Users, ids in creation order; ~6% deactivated (their last update is the deactivation)."""
    rng = rng_for(seed, "users")
    counts = user_role_counts(n_jobs)
    role = np.repeat(np.arange(len(ROLES)), [counts[r] for r in ROLES])
    n = len(role)
    created = start - rng.integers(30 * DAY, 1500 * DAY, n)
    order = np.argsort(created, kind="stable")
    role, created = role[order], created[order]
    uid = np.arange(1, n + 1)
    inactive = (rng.random(n) < 0.06) & (role != 0)  # keep every recruiter active: jobs need an owner
    deactivated = np.maximum(created + DAY, now - rng.integers(10 * DAY, 100 * DAY, n))
    female = hash_choice(seed, "user.gender", uid, 2) == 0
    first_idx = np.where(
        female,
        hash_choice(seed, "user.ff", uid, len(names.FEMALE_FIRST)),
        hash_choice(seed, "user.fm", uid, len(names.MALE_FIRST)),
    )
    first = pick(
        names.FEMALE_FIRST + names.MALE_FIRST, np.where(female, first_idx, first_idx + len(names.FEMALE_FIRST))
    )
    last = pick(names.LAST, hash_choice(seed, "user.last", uid, len(names.LAST)))
    email = join(join(first, ".", last), num(uid), "@", names.COMPANY_DOMAIN)
    email = pc.utf8_lower(pc.replace_substring(email, "'", ""))
    dept = rng.integers(1, len(names.DEPARTMENTS) + 1, n)
    office = rng.choice(
        np.arange(1, len(names.OFFICES) + 1), n, p=np.array(names.OFFICE_WEIGHTS) / sum(names.OFFICE_WEIGHTS)
    )
    return pa.table(
        {
            "id": ids(uid),
            "first_name": first,
            "last_name": last,
            "email": email,
            "role": pick(ROLES, role),
            "is_active": pa.array(~inactive),
            "department_id": ids(dept),
            "office_id": ids(np.where(rng.random(n) < 0.05, NA, office)),
            "employee_id": join("E", num(10_000 + uid)),
            "created_at": ts(created),
            "updated_at": ts(np.where(inactive, deactivated, created)),
        }
    )
