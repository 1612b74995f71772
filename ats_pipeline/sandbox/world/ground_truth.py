"""Ground truth computed straight from the world tables (never through an emulator).

The dbt marts are tested for equality against these numbers, so every definition is stated exactly:

* Only non-deleted rows count (``deleted_at is null``; merged candidates are deleted).
* "Applications" are non-prospect, non-deleted applications; prospects are counted separately.
* A "visit" is a non-deleted ``application_stages`` row. Stage order is ``job_stages.stage_order`` within a job.
* An application's *furthest stage* is the highest ``stage_order`` among its visits (backward moves do not
  lower it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from ats_pipeline.sandbox.world.schema import CANONICAL_STAGE_KINDS, TABLES

DIMENSIONS: dict[str, str] = {
    # dimension → SQL producing (application_id, grp) for reported answers; 'declined' and null excluded
    "gender": "select application_id, gender as grp from demographics where deleted_at is null "
    "and gender is not null and gender <> 'declined'",
    "race": "select application_id, unnest(races) as grp from demographics where deleted_at is null "
    "and races is not null and not list_contains(races, 'declined')",
    "veteran_status": "select application_id, veteran_status as grp from demographics where deleted_at is null "
    "and veteran_status is not null and veteran_status <> 'declined'",
    "disability_status": "select application_id, disability_status as grp from demographics where deleted_at is null "
    "and disability_status is not null and disability_status <> 'declined'",
}

_APPS = "select id, job_id, status, applied_at from applications where not is_prospect and deleted_at is null"
_VISITS = f"""
    select v.application_id, js.id as job_stage_id, js.job_id, js.stage_order, js.kind
    from application_stages v
    join job_stages js on js.id = v.job_stage_id
    join ({_APPS}) a on a.id = v.application_id
    where v.deleted_at is null
"""
# Per job and kind: the first and last stage_order of that kind in the plan, and the first order of the next
# kind present in the plan (null for 'offer').
_KIND_BLOCKS = f"""
    with k as (
        select job_id, kind, min(stage_order) as first_order, max(stage_order) as last_order,
               list_position({list(CANONICAL_STAGE_KINDS)}, kind) as kind_no
        from job_stages group by job_id, kind
    )
    select k.*, (select min(n.first_order) from k n where n.job_id = k.job_id and n.kind_no > k.kind_no)
           as next_first_order
    from k
"""


@dataclass
class GroundTruth:
    """Headline numbers of a world at its current ``now``.

    - ``counts``: non-deleted rows per table in ``TABLES`` (tables without ``deleted_at`` count every row;
      ``demographics`` has rows only for submitted surveys).
    - ``applications`` / ``prospects``: non-deleted applications with ``is_prospect`` false / true.
    - ``hires``: applications with ``status = 'hired'``.
    - ``stage_reached``: one row per job stage of a non-deleted job: ``reached_strict`` = applications with at
      least one visit to that stage; ``reached_imputed`` = applications of that job whose furthest stage has
      ``stage_order`` ≥ this stage's (visited it, or skipped past it).
    - ``kind_reached``: per canonical kind (in ``CANONICAL_STAGE_KINDS`` order), each application counted once:
      ``reached_strict`` = applications with a visit to a stage of that kind; ``reached_imputed`` = applications
      whose job's plan has that kind and whose furthest stage order ≥ the first stage of that kind in the plan.
    - ``offers_by_status``: non-deleted offers (every version) per ``status``.
    - ``hires_by_job``: hired applications per ``job_id``.
    - ``time_to_hire_hours``: ``{"median": m, "by_job": {job_id: m}}`` over hired applications of
      (accepted offer's ``resolved_at`` − ``applied_at``) in hours (float, exact seconds / 3600); median is the
      interpolated median (DuckDB ``median``); ``None`` when there are no hires.
    """

    counts: dict[str, int]
    applications: int
    prospects: int
    hires: int
    stage_reached: list[dict[str, Any]]
    kind_reached: list[dict[str, Any]]
    offers_by_status: dict[str, int]
    hires_by_job: dict[int, int]
    time_to_hire_hours: dict[str, Any]
    _selection: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def selection_by_group(self, dimension: str) -> list[dict[str, Any]]:
        """Selection per canonical kind × self-ID group, among applications with a submitted, non-declined answer.

        Rows ``{kind, group, reached, selected, others_reached, others_selected}``:
        - ``reached``: applications in the group with a visit to a stage of ``kind`` (strict, once per app);
        - ``selected``: of those, applications whose furthest stage order ≥ the first stage of the next kind
          present in the job's plan (for 'offer': ``status = 'hired'``);
        - ``others_*``: the same for reported applications *not* in the group (for race, an application is in
          every group its ``races`` list contains, so ``others`` is not the sum of the other rows).
        Dimensions: ``gender``, ``race``, ``veteran_status``, ``disability_status``.
        """
        return [dict(r) for r in self._selection[dimension]]

    def impact_ratio(self, dimension: str, group: str, kind: str) -> float | None:
        """Selection rate of ``group`` at ``kind`` divided by the rate of everyone else who reported."""
        for row in self._selection[dimension]:
            if row["group"] == group and row["kind"] == kind:
                if not row["reached"] or not row["others_reached"] or not row["others_selected"]:
                    return None
                return (row["selected"] / row["reached"]) / (row["others_selected"] / row["others_reached"])
        return None


def compute(cur: duckdb.DuckDBPyConnection) -> GroundTruth:
    counts = {}
    for table in TABLES:
        has_deleted = cur.execute(
            "select count(*) from information_schema.columns where table_name = ? and column_name = 'deleted_at'",
            [table],
        ).fetchone()[0]
        where = " where deleted_at is null" if has_deleted else ""
        counts[table] = cur.execute(f"select count(*) from {table}{where}").fetchone()[0]
    applications, hires = cur.execute(f"select count(*), count(*) filter (status = 'hired') from ({_APPS})").fetchone()
    prospects = cur.execute("select count(*) from applications where is_prospect and deleted_at is null").fetchone()[0]

    furthest = f"select application_id, max(stage_order) as furthest from ({_VISITS}) group by 1"
    stage_rows = cur.execute(
        f"""
        with strict as (select job_stage_id, count(distinct application_id) as n from ({_VISITS}) group by 1),
             far as (select a.job_id, f.furthest from ({_APPS}) a join ({furthest}) f on f.application_id = a.id)
        select js.job_id, js.id as job_stage_id, js.name as stage_name, js.stage_order, js.kind,
               coalesce(s.n, 0) as reached_strict,
               (select count(*) from far where far.job_id = js.job_id and far.furthest >= js.stage_order)
                   as reached_imputed
        from job_stages js
        join jobs j on j.id = js.job_id and j.deleted_at is null
        left join strict s on s.job_stage_id = js.id
        order by js.job_id, js.stage_order
        """
    ).fetchall()
    cols = ("job_id", "job_stage_id", "stage_name", "stage_order", "kind", "reached_strict", "reached_imputed")
    stage_reached = [dict(zip(cols, r, strict=True)) for r in stage_rows]

    kind_rows = dict(
        (r[0], r[1:])
        for r in cur.execute(
            f"""
            with strict as (select kind, count(distinct application_id) as n from ({_VISITS}) group by 1),
                 imputed as (
                    select b.kind, count(*) as n
                    from ({_APPS}) a join ({furthest}) f on f.application_id = a.id
                    join ({_KIND_BLOCKS}) b on b.job_id = a.job_id and f.furthest >= b.first_order
                    group by 1)
            select i.kind, coalesce(s.n, 0), i.n from imputed i left join strict s using (kind)
            """
        ).fetchall()
    )
    kind_reached = [
        {
            "kind": k,
            "reached_strict": int(kind_rows.get(k, (0, 0))[0]),
            "reached_imputed": int(kind_rows.get(k, (0, 0))[1]),
        }
        for k in CANONICAL_STAGE_KINDS
    ]
    offers_by_status = dict(
        cur.execute("select status, count(*) from offers where deleted_at is null group by 1 order by 1").fetchall()
    )
    hires_by_job = dict(
        cur.execute(f"select job_id, count(*) from ({_APPS}) where status = 'hired' group by 1 order by 1").fetchall()
    )
    tth = f"""
        select a.job_id, (epoch(o.resolved_at) - epoch(a.applied_at)) / 3600.0 as hours
        from ({_APPS}) a join offers o on o.application_id = a.id and o.status = 'accepted' and o.deleted_at is null
        where a.status = 'hired'
    """
    median = cur.execute(f"select median(hours) from ({tth})").fetchone()[0]
    by_job = dict(cur.execute(f"select job_id, median(hours) from ({tth}) group by 1 order by 1").fetchall())
    time_to_hire = {"median": median, "by_job": by_job}
    selection = {dim: _selection(cur, dim) for dim in DIMENSIONS}
    return GroundTruth(
        counts=counts,
        applications=applications,
        prospects=prospects,
        hires=hires,
        stage_reached=stage_reached,
        kind_reached=kind_reached,
        offers_by_status=offers_by_status,
        hires_by_job=hires_by_job,
        time_to_hire_hours=time_to_hire,
        _selection=selection,
    )


def _selection(cur: duckdb.DuckDBPyConnection, dimension: str) -> list[dict[str, Any]]:
    rows = cur.execute(
        f"""
        with furthest as (select application_id, max(stage_order) as furthest from ({_VISITS}) group by 1),
             reached as (
                select distinct v.application_id, v.kind, a.status, f.furthest, b.next_first_order
                from ({_VISITS}) v
                join ({_APPS}) a on a.id = v.application_id
                join furthest f on f.application_id = v.application_id
                join ({_KIND_BLOCKS}) b on b.job_id = v.job_id and b.kind = v.kind),
             sel as (
                select application_id, kind,
                       case when kind = 'offer' then status = 'hired' else furthest >= next_first_order end as selected
                from reached),
             answers as ({DIMENSIONS[dimension]}),
             reported as (select distinct application_id from answers),
             groups as (select distinct grp from answers),
             per_app as (
                select s.kind, g.grp, s.selected, x.application_id is not null as in_group
                from sel s join reported r using (application_id) cross join groups g
                left join (select distinct application_id, grp from answers) x
                    on x.application_id = s.application_id and x.grp = g.grp)
        select kind, grp,
               count(*) filter (in_group), count(*) filter (in_group and selected),
               count(*) filter (not in_group), count(*) filter (not in_group and selected)
        from per_app group by 1, 2
        """
    ).fetchall()
    order = {k: i for i, k in enumerate(CANONICAL_STAGE_KINDS)}
    out = [
        {
            "kind": r[0],
            "group": r[1],
            "reached": r[2],
            "selected": r[3],
            "others_reached": r[4],
            "others_selected": r[5],
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (order[r["kind"]], r["group"]))
