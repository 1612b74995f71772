"""What the simulation needs to know about the world, loaded from its tables (same path for generation and time
moves, so both draw from identical job plans, user pools and reason ids)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world import names
from ats_pipeline.sandbox.world.columns import NA, NEVER
from ats_pipeline.sandbox.world.config import AdverseImpact
from ats_pipeline.sandbox.world.jobs import MAX_STAGES, title_and_salary
from ats_pipeline.sandbox.world.rng import hash_normal
from ats_pipeline.sandbox.world.schema import CANONICAL_STAGE_KINDS

OFFER = CANONICAL_STAGE_KINDS.index("offer")


@dataclass
class Jobs:
    """Per-job arrays indexed by job id (row 0 unused)."""

    status: np.ndarray  # 0 draft, 1 open, 2 closed (deleted jobs count as closed)
    opened: np.ndarray  # seconds, NA for drafts
    closes: np.ndarray  # seconds the job closes(d), NEVER while open
    recruiter: np.ndarray
    coordinator: np.ndarray
    manager: np.ndarray
    office: np.ndarray
    weight: np.ndarray  # popularity with applicants
    salary: np.ndarray  # yearly midpoint, local currency
    currency: np.ndarray  # index into currencies()
    kind: np.ndarray  # [J+1, MAX_STAGES] canonical kind index, -1 padding
    stage: np.ndarray  # [J+1, MAX_STAGES] job_stages.id
    length: np.ndarray  # stages per job
    first_of_kind: np.ndarray  # [J+1, MAX_STAGES] the first stage of its kind in the plan
    gate: np.ndarray  # [J+1, MAX_STAGES] last stage of the adverse-impact kind (where the bias acts)

    @property
    def count(self) -> int:
        return len(self.status) - 1


@dataclass
class Context:
    seed: int
    jobs: Jobs
    interviewers_all: np.ndarray  # users who interview (interviewers + hiring managers)
    interviewers_active: np.ndarray
    referrers: np.ndarray  # active users who can refer
    reasons: dict[str, int]  # rejection reason name → id
    source_ids: np.ndarray
    source_weights: np.ndarray
    prospect_source_weights: np.ndarray
    referral_sources: np.ndarray  # bool per source index
    stage_names: pa.Array  # indexed by job_stages.id (0 unused)
    adverse_impact: AdverseImpact | None

    def reason_ids(self, names_: tuple[str, ...]) -> np.ndarray:
        return np.array([self.reasons[n] for n in names_], dtype=np.int64)


def _secs(cur: duckdb.DuckDBPyConnection, sql: str) -> dict[str, np.ndarray]:
    return {k: np.asarray(v) for k, v in cur.execute(sql).fetchnumpy().items()}


def load(cur: duckdb.DuckDBPyConnection, seed: int, adverse_impact: AdverseImpact | None) -> Context:
    j = _secs(
        cur,
        f"""
        select id, case status when 'draft' then 0 when 'open' then 1 else 2 end as status,
               coalesce(epoch(opened_at)::bigint, {NA}) as opened,
               case when status = 'closed' or deleted_at is not null
                    then coalesce(epoch(closed_at)::bigint, epoch(deleted_at)::bigint) else {NEVER} end as closes,
               coalesce(recruiter_id, {NA}) as recruiter, coalesce(coordinator_id, {NA}) as coordinator,
               coalesce(hiring_manager_id, {NA}) as manager, department_id, office_id
        from jobs order by id
        """,
    )
    n = len(j["id"])
    assert (j["id"] == np.arange(1, n + 1)).all(), "job ids must be 1..n"

    def per_job(values: np.ndarray, fill: int = NA) -> np.ndarray:
        return np.r_[np.array([fill], dtype=values.dtype), values]

    status = per_job(j["status"], 0)
    status[1:][j["closes"] != NEVER] = 2
    _titles, salary, currency = title_and_salary(seed, j["id"], j["department_id"], j["office_id"])
    weight = np.exp(0.8 * hash_normal(seed, "job.weight", j["id"]))

    s = _secs(cur, "select id, job_id, stage_order, kind, name from job_stages order by job_id, stage_order")
    kind = np.full((n + 1, MAX_STAGES), -1, dtype=np.int64)
    stage = np.full((n + 1, MAX_STAGES), NA, dtype=np.int64)
    kind_index = {k: i for i, k in enumerate(CANONICAL_STAGE_KINDS)}
    kinds = np.array([kind_index[k] for k in s["kind"]], dtype=np.int64)
    kind[s["job_id"], s["stage_order"] - 1] = kinds
    stage[s["job_id"], s["stage_order"] - 1] = s["id"]
    length = (kind >= 0).sum(axis=1)
    first_of_kind = np.zeros_like(kind, dtype=bool)
    first_of_kind[:, 0] = True
    first_of_kind[:, 1:] = kind[:, 1:] != kind[:, :-1]
    gate = np.zeros_like(kind, dtype=bool)
    if adverse_impact is not None:
        target = kind_index[adverse_impact.stage_kind]
        is_kind = kind == target
        last_of_kind = is_kind & np.c_[kind[:, 1:] != target, np.ones((n + 1, 1), dtype=bool)]
        gate = last_of_kind
    max_stage_id = int(s["id"].max()) if len(s["id"]) else 0
    stage_names = np.full(max_stage_id + 1, "", dtype=object)
    stage_names[s["id"]] = s["name"]

    jobs = Jobs(
        status=status,
        opened=per_job(j["opened"]),
        closes=per_job(j["closes"], NEVER),
        recruiter=per_job(j["recruiter"]),
        coordinator=per_job(j["coordinator"]),
        manager=per_job(j["manager"]),
        office=per_job(j["office_id"], 1),
        weight=np.r_[0.0, weight],
        salary=np.r_[0.0, salary],
        currency=per_job(currency, 0),
        kind=kind,
        stage=stage,
        length=length,
        first_of_kind=first_of_kind,
        gate=gate,
    )
    u = _secs(cur, "select id, role, is_active from users order by id")
    interviews = np.isin(u["role"], ["interviewer", "hiring_manager"])
    src_names = [row[0] for row in names.SOURCES]
    src = _secs(cur, "select id, name, type from sources order by id")
    src_index = [src_names.index(nm) for nm in src["name"]]
    reasons = _secs(cur, "select id, name from rejection_reasons order by id")
    return Context(
        seed=seed,
        jobs=jobs,
        interviewers_all=u["id"][interviews],
        interviewers_active=u["id"][interviews & u["is_active"]],
        referrers=u["id"][u["is_active"]],
        reasons={str(nm): int(i) for i, nm in zip(reasons["id"], reasons["name"], strict=True)},
        source_ids=src["id"],
        source_weights=np.array([names.SOURCES[i][2] for i in src_index]),
        prospect_source_weights=np.array([names.SOURCES[i][3] for i in src_index]),
        referral_sources=src["type"] == "referral",
        stage_names=pa.array(stage_names.tolist(), type=pa.string()),
        adverse_impact=adverse_impact,
    )
