"""Reads of the world for the SPI v3 resources: one keyset query per page, ascending by id (insertion order).

A Workable *candidate* is one person's application to one job (Workable has no separate application object), so
candidates are the world's non-deleted applications that belong to a job, joined with the person's profile.
Prospects without a job live in Workable's talent pool, which the API does not expose. A candidate changes when
either the application or the person changes, so its ``updated_at`` is the later of the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ats_pipeline.sandbox.emulators.workable import ids

Row = dict[str, Any]

CANDIDATES = """
    select a.id, a.job_id, a.is_prospect, a.status, a.current_stage_id, a.rejected_at, a.hired_at, a.created_at,
           greatest(a.updated_at, c.updated_at) as updated_at,
           c.id as person_id, c.first_name, c.last_name, c.email, c.phone, c.company, c.title, c.city,
           js.name as stage_name, js.kind as stage_kind, rr.name as reason_name, rr.type as reason_type,
           s.name as source_name, s.type as source_type, j.title as job_title
    from applications a
    join candidates c on c.id = a.candidate_id
    join jobs j on j.id = a.job_id and j.deleted_at is null
    left join job_stages js on js.id = a.current_stage_id
    left join rejection_reasons rr on rr.id = a.rejection_reason_id
    left join sources s on s.id = a.source_id
    where a.deleted_at is null and c.deleted_at is null
"""

JOBS = """
    select * from (
        select j.*, d.name as department, o.name as office_name, o.location as office_location,
               case when j.status = 'draft' then 'draft' when j.status = 'closed' then 'archived'
                    when j.confidential then 'closed' else 'published' end as state
        from jobs j
        left join departments d on d.id = j.department_id
        left join offices o on o.id = j.office_id
        where j.deleted_at is null
    ) t where true
"""

EVENTS = """
    select e.id, e.application_id, e.kind, e.occurred_at, e.user_id, e.from_stage_id, e.to_stage_id,
           a.job_id, a.is_prospect, c.first_name, c.last_name,
           u.first_name as member_first_name, u.last_name as member_last_name,
           fs.name as from_stage_name, ts.name as to_stage_name, rr.name as reason_name
    from application_events e
    join applications a on a.id = e.application_id and a.deleted_at is null and a.job_id is not null
    join candidates c on c.id = a.candidate_id
    left join users u on u.id = e.user_id
    left join job_stages fs on fs.id = e.from_stage_id
    left join job_stages ts on ts.id = e.to_stage_id
    left join rejection_reasons rr on rr.id = e.rejection_reason_id
    where e.deleted_at is null
"""


@dataclass(frozen=True)
class Page:
    """Keyset bounds and filters of one page, already translated to world terms."""

    limit: int
    at_least: int | None = None  # world id >= (since_id)
    at_most: int | None = None  # world id <= (max_id)
    created_after: datetime | None = None
    updated_after: datetime | None = None


def fetch_dicts(cur: Any, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cur.execute(sql, list(params))
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, values, strict=True)) for values in cur.fetchall()]


def _bounds(alias: str, page: Page, created: str, updated: str) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if page.at_least is not None:
        where.append(f"{alias}.id >= ?")
        params.append(page.at_least)
    if page.at_most is not None:
        where.append(f"{alias}.id <= ?")
        params.append(page.at_most)
    if page.created_after is not None:
        where.append(f"{created} >= ?")
        params.append(page.created_after)
    if page.updated_after is not None:
        where.append(f"{updated} >= ?")
        params.append(page.updated_after)
    return where, params


def _page(cur: Any, base: str, alias: str, page: Page, extra: list[str], params: list[Any],
          created: str, updated: str) -> list[Row]:  # fmt: skip
    where, values = _bounds(alias, page, created, updated)
    clauses = " ".join(f"and {w}" for w in [*where, *extra])
    # one row more than the page: it says whether a next page exists, and its id becomes the next since_id
    sql = f"{base} {clauses} order by {alias}.id limit {int(page.limit) + 1}"
    return fetch_dicts(cur, sql, [*values, *params])


# --- candidates ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFilter:
    job_id: int | None = None
    email: str | None = None
    stage_ids: tuple[int, ...] | None = None  # None: any stage
    hired: bool | None = None  # True: only hired; False: not hired; None: either


def candidates_page(cur: Any, page: Page, selected: CandidateFilter) -> list[Row]:
    extra: list[str] = []
    params: list[Any] = []
    if selected.job_id is not None:
        extra.append("a.job_id = ?")
        params.append(selected.job_id)
    if selected.email is not None:
        extra.append("lower(c.email) = lower(?)")
        params.append(selected.email)
    if selected.stage_ids is not None:
        extra.append(f"a.current_stage_id in ({_ints(selected.stage_ids)})")
    if selected.hired is not None:
        extra.append("a.status = 'hired'" if selected.hired else "a.status <> 'hired'")
    return _page(cur, CANDIDATES, "a", page, extra, params, "a.created_at", "greatest(a.updated_at, c.updated_at)")


def candidate(cur: Any, app_id: int) -> Row | None:
    rows = fetch_dicts(cur, f"{CANDIDATES} and a.id = ?", [app_id])
    return rows[0] if rows else None


def profile_entries(cur: Any, person_id: int) -> tuple[list[Row], list[Row]]:
    """The person's education and experience entries (Workable shows them on every candidate of the person)."""
    educations = fetch_dicts(
        cur, "select * from candidate_educations where candidate_id = ? and deleted_at is null order by id", [person_id]
    )
    employments = fetch_dicts(
        cur, "select * from candidate_employments where candidate_id = ? and deleted_at is null order by id",
        [person_id],
    )  # fmt: skip
    return educations, employments


def stage_ids_for_slug(cur: Any, slug: str) -> tuple[int, ...]:
    rows = fetch_dicts(cur, "select id, name from job_stages")
    return tuple(r["id"] for r in rows if ids.slug(r["name"]) == slug)


# --- jobs, stages, members, reasons --------------------------------------------------------------------------------


def job_ids_by_shortcode(cur: Any) -> dict[str, int]:
    return {ids.shortcode(r["id"]): r["id"] for r in fetch_dicts(cur, "select id from jobs where deleted_at is null")}


def jobs_page(cur: Any, page: Page, state: str | None) -> list[Row]:
    extra, params = ([], []) if state is None else (["t.state = ?"], [state.lower()])
    return _page(cur, JOBS, "t", page, extra, params, "t.created_at", "t.updated_at")


def job(cur: Any, job_id: int) -> Row | None:
    rows = fetch_dicts(cur, f"{JOBS} and t.id = ?", [job_id])
    return rows[0] if rows else None


def departments(cur: Any) -> dict[int, Row]:
    return {r["id"]: r for r in fetch_dicts(cur, "select id, name, parent_id from departments")}


def account_stages(cur: Any) -> list[Row]:
    """The account pipeline: every stage name used by a job, in pipeline order (kind, then usual position)."""
    return fetch_dicts(
        cur,
        """select name, arg_min(kind, stage_order) as kind, min(stage_order) as stage_order
           from job_stages group by name""",
    )


def job_stages(cur: Any, job_id: int) -> list[Row]:
    return fetch_dicts(cur, "select id, name, kind, stage_order from job_stages where job_id = ? order by stage_order",
                       [job_id])  # fmt: skip


def members_page(cur: Any, page: Page, status: str, email: str | None) -> list[Row]:
    extra: list[str] = []
    params: list[Any] = []
    if status == "active":
        extra.append("u.is_active")
    elif status == "inactive":
        extra.append("not u.is_active")
    if email is not None:
        extra.append("lower(u.email) = lower(?)")
        params.append(email)
    return _page(cur, "select * from users u where true", "u", page, extra, params, "u.created_at", "u.updated_at")


def disqualification_reasons(cur: Any) -> list[Row]:
    return fetch_dicts(cur, "select id, name, type from rejection_reasons order by id")


# --- activities ----------------------------------------------------------------------------------------------------


def activities_page(cur: Any, page: Page, *, job_id: int | None = None, app_id: int | None = None) -> list[Row]:
    extra: list[str] = []
    params: list[Any] = []
    if job_id is not None:
        extra.append("a.job_id = ?")
        params.append(job_id)
    if app_id is not None:
        extra.append("a.id = ?")
        params.append(app_id)
    return _page(cur, EVENTS, "e", page, extra, params, "e.occurred_at", "e.occurred_at")


def _ints(values: Sequence[int]) -> str:
    return ",".join(str(int(v)) for v in values) or "NULL"
