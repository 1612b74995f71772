"""Jobs and their interview plans (job_stages). Openings are built after the applications (they record hires)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import DAY, NA, ids, join, num, pick, strings, ts
from ats_pipeline.sandbox.world.rng import choice, hash_choice, hash_normal, rng_for
from ats_pipeline.sandbox.world.schema import CANONICAL_STAGE_KINDS

DEPARTMENT_WEIGHTS = (0.12, 0.06, 0.04, 0.05, 0.04, 0.06, 0.03, 0.02, 0.03, 0.01, 0.10, 0.10, 0.05, 0.04, 0.06, 0.05,
                      0.04, 0.03, 0.02)  # fmt: skip
MAX_STAGES = 8


def job_count(applications: int) -> int:
    """About one job per 40 applications, at least 5."""
    return max(5, round(applications / 40))


def title_and_salary(seed: int, job_ids: np.ndarray, dept_ids: np.ndarray, office_ids: np.ndarray
                     ) -> tuple[pa.Array, np.ndarray, np.ndarray]:  # fmt: skip
    """Title, yearly salary midpoint (local currency) and currency index per job; pure functions of the ids."""
    level = hash_choice(seed, "job.level", job_ids, np.array(names.LEVEL_WEIGHTS))
    role_u = hash_choice(seed, "job.role", job_ids, 1_000_000)
    dept_rows = [names.DEPARTMENTS[d - 1] for d in dept_ids]
    titles = [names.LEVELS[lv][0] + d[2][r % len(d[2])] for lv, d, r in zip(level, dept_rows, role_u, strict=True)]
    base = np.array([d[3] for d in dept_rows], dtype=np.float64)
    level_factor = np.array([lv[1] for lv in names.LEVELS])[level]
    office_factor = np.array([o[5] for o in names.OFFICES])[office_ids - 1]
    spread = 1.0 + 0.08 * hash_normal(seed, "job.salary", job_ids)
    mid = np.round(base * level_factor * office_factor * spread, -3)
    currencies = sorted({o[4] for o in names.OFFICES})
    currency = np.array([currencies.index(names.OFFICES[o - 1][4]) for o in office_ids], dtype=np.int64)
    return strings(titles), mid, currency


def currencies() -> list[str]:
    return sorted({o[4] for o in names.OFFICES})


def planned_openings(seed: int, job_ids: np.ndarray) -> np.ndarray:
    """Headcount each job was opened for (1–3)."""
    return 1 + hash_choice(seed, "job.openings", job_ids, np.array([0.62, 0.27, 0.11]))


def _plan(rng: np.random.Generator) -> list[tuple[str, str]]:
    """One interview plan: (name, kind) in order, 4–8 stages, 'applied' first and 'offer' last."""
    n_screen = 1 + int(rng.random() < 0.45)
    n_assess = int(rng.random() < 0.5)
    n_interview = 1 + int(rng.random() < 0.5) + int(rng.random() < 0.12)
    n_final = int(rng.random() < 0.4)
    n_interview = min(n_interview, MAX_STAGES - 2 - n_screen - n_assess - n_final)

    def pick_name(pool: str) -> str:
        options = names.STAGE_NAMES[pool]
        return options[int(rng.integers(len(options)))]

    plan = [(pick_name("applied"), "applied"), (pick_name("screen"), "screen")]
    if n_screen == 2:
        plan.append((pick_name("screen2"), "screen"))
    if n_assess:
        plan.append((pick_name("assessment"), "assessment"))
    plan.append((pick_name("interview"), "interview"))
    later = list(rng.permutation(names.STAGE_NAMES["interview2"]))
    plan.extend((str(later[i]), "interview") for i in range(n_interview - 1))
    if n_final:
        plan.append((pick_name("final"), "final"))
    plan.append(("Offer", "offer"))
    return plan


def build(seed: int, n_jobs: int, start: int, now: int, users: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Jobs (ids in creation order) and their stages. Job 1 is open for the whole history so every day has one."""
    rng = rng_for(seed, "jobs")
    n = n_jobs
    dept = choice(rng, n, DEPARTMENT_WEIGHTS) + 1
    office = choice(rng, n, names.OFFICE_WEIGHTS) + 1
    span = now - start
    opened = start - 60 * DAY + (rng.random(n) * (span + 53 * DAY)).astype(np.int64)
    life = np.exp(np.log(110 * DAY) + 0.6 * rng.standard_normal(n)).astype(np.int64)
    closed = opened + life
    draft = rng.random(n) < 0.07
    evergreen = np.zeros(n, dtype=bool)
    evergreen[0] = True
    opened[0], draft[0] = start - 90 * DAY - int(rng.integers(0, DAY)), False
    is_closed = (closed < now - DAY) & ~evergreen & ~draft
    closed = np.where(is_closed, closed, NA)
    created = np.where(draft, now - rng.integers(DAY, 45 * DAY, n), opened - rng.integers(2 * DAY, 25 * DAY, n))
    opened = np.where(draft, NA, opened)
    confidential = rng.random(n) < 0.04

    role = np.asarray(users.column("role").to_pylist())
    active = np.asarray(users.column("is_active").to_pylist())
    uid = np.asarray(users.column("id").to_numpy())

    def owner(r: str, n_null: float) -> np.ndarray:
        pool = uid[(role == r) & active]
        out = pool[rng.integers(0, len(pool), n)]
        return np.where(rng.random(n) < n_null, NA, out)

    recruiter, coordinator, manager = owner("recruiter", 0.0), owner("coordinator", 0.1), owner("hiring_manager", 0.0)
    plans = [_plan(rng) for _ in range(n)]

    order = np.argsort(created, kind="stable")
    dept, office, opened, closed, created = dept[order], office[order], opened[order], closed[order], created[order]
    draft, is_closed, confidential = draft[order], is_closed[order], confidential[order]
    recruiter, coordinator, manager = recruiter[order], coordinator[order], manager[order]
    plans = [plans[i] for i in order]
    job_id = np.arange(1, n + 1)
    title, _mid, _cur = title_and_salary(seed, job_id, dept, office)
    status = np.where(draft, 0, np.where(is_closed, 2, 1))
    updated = np.maximum(created, np.maximum(np.where(opened == NA, 0, opened), np.where(closed == NA, 0, closed)))
    jobs = pa.table(
        {
            "id": ids(job_id),
            "title": title,
            "status": pick(("draft", "open", "closed"), status),
            "department_id": ids(dept),
            "office_id": ids(office),
            "recruiter_id": ids(recruiter),
            "coordinator_id": ids(coordinator),
            "hiring_manager_id": ids(manager),
            "confidential": pa.array(confidential),
            "requisition_id": join("REQ-", num(job_id, 5)),
            "opened_at": ts(opened),
            "closed_at": ts(closed),
            "created_at": ts(created),
            "updated_at": ts(updated),
            "deleted_at": ts(np.full(n, NA)),
        }
    )
    lengths = np.array([len(p) for p in plans])
    stage_job = np.repeat(job_id, lengths)
    stage_created = np.repeat(created, lengths)
    kinds = [k for p in plans for _, k in p]
    stages = pa.table(
        {
            "id": ids(np.arange(1, len(stage_job) + 1)),
            "job_id": ids(stage_job),
            "name": strings([nm for p in plans for nm, _ in p]),
            "stage_order": pa.array(np.concatenate([np.arange(1, k + 1) for k in lengths]).astype(np.int32)),
            "kind": pick(CANONICAL_STAGE_KINDS, np.array([CANONICAL_STAGE_KINDS.index(k) for k in kinds])),
            "created_at": ts(stage_created),
            "updated_at": ts(stage_created),
        }
    )
    return jobs, stages
