"""Openings (headcount) per job, filled by that job's hires in hire order.

A job has its planned 1–3 openings; when more people were hired than planned, headcount was added (one opening
per extra hire). Unfilled openings are cancelled when the job closed, open otherwise.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world.columns import DAY, NA, date, ids, join, num, pick, ts
from ats_pipeline.sandbox.world.jobs import planned_openings


def build(cur: duckdb.DuckDBPyConnection, seed: int) -> pa.Table:
    j = cur.execute(
        f"""select id, requisition_id, epoch(coalesce(opened_at, created_at))::bigint as opened,
                   coalesce(epoch(closed_at)::bigint, {NA}) as closed, epoch(created_at)::bigint as created
            from jobs order by id"""
    ).fetchnumpy()
    h = cur.execute(
        "select job_id, id, epoch(hired_at)::bigint as hired from applications "
        "where status = 'hired' and deleted_at is null order by job_id, hired_at, id"
    ).fetchnumpy()
    job_ids = np.asarray(j["id"])
    n_jobs = len(job_ids)
    hires = np.bincount(np.asarray(h["job_id"]), minlength=n_jobs + 1)[1:]
    total = np.maximum(planned_openings(seed, job_ids), hires)
    row = np.repeat(np.arange(n_jobs), total)
    rank = np.arange(len(row)) - np.repeat(np.r_[0, np.cumsum(total)][:-1], total)
    first_hire = np.r_[0, np.cumsum(hires)][:-1]
    filled = rank < hires[row]
    hire_idx = np.where(filled, first_hire[row] + rank, 0)
    hired_at = np.where(filled, np.asarray(h["hired"])[hire_idx] if len(h["hired"]) else 0, NA)
    app = np.where(filled, np.asarray(h["id"])[hire_idx] if len(h["id"]) else 0, NA)
    closed_job = np.asarray(j["closed"])[row]
    cancelled = ~filled & (closed_job != NA)
    closed_at = np.where(filled, hired_at, np.where(cancelled, closed_job, NA))
    opened = np.asarray(j["opened"])[row]
    created = np.asarray(j["created"])[row]
    requisition = pa.array(j["requisition_id"]).take(pa.array(row))
    target = opened + (45 + (np.asarray(job_ids)[row] * 7 + rank * 13) % 75) * DAY
    m = len(row)
    return pa.table(
        {
            "id": ids(np.arange(m)),
            "job_id": ids(job_ids[row]),
            "opening_code": join(requisition, "-", num(rank + 1)),
            "status": pick(("open", "closed"), (closed_at != NA).astype(np.int64)),
            "opened_at": ts(opened),
            "closed_at": ts(closed_at),
            "close_reason": pick(("hired", "cancelled"), cancelled.astype(np.int64), null=closed_at == NA),
            "application_id": ids(app),
            "target_start_date": date(target),
            "created_at": ts(created),
            "updated_at": ts(np.where(closed_at == NA, created, closed_at)),
        }
    )
