"""The list endpoints: where each reads the world, what it filters on, which permission it needs, how it renders.

Every relation exposes ``id`` (the world id: pages are keyset-ordered by it, i.e. by creation), ``created_at`` (for
``createdAfter``) and ``changed_at``: the latest time anything the record renders changed, which is what a
``syncToken`` delta compares against. ``changed_at`` can be later than the rendered ``updatedAt`` (an application
is re-sent when its embedded candidate was renamed or anonymized; a schedule when an interviewer or a scorecard
changed), so a delta never leaves a stale copy of a field behind.

Deleted and merged-away rows are hidden from every list *and* from deltas: Ashby exposes deletions and merges only
as webhooks (``candidateDelete``, ``candidateMerge``), so a client finds them by reconciling ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ats_pipeline.sandbox.emulators.ashby import ids, shapes
from ats_pipeline.sandbox.emulators.ashby.envelope import invalid_input
from ats_pipeline.sandbox.emulators.ashby.vocab import APPLICATION_STATUSES, JOB_STATUSES, application_status_sql

Row = dict[str, Any]
Render = Callable[[Any, list[Row]], list[dict[str, Any]]]
# (raw body value) -> (sql predicate over alias t, params, value to carry in the cursor)
Filter = Callable[[Any], tuple[str, list[Any]]]


@dataclass(frozen=True)
class ListEndpoint:
    name: str
    permission: str
    relation: str
    render: Render
    sync: bool = False  # accepts syncToken and hands one out on the last page
    created_after: bool = False
    filters: Mapping[str, Filter] = field(default_factory=dict)
    # predicates applied when the body does not mention a filter (job.list hides drafts unless asked)
    defaults: Mapping[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()  # accepted, no effect in the sandbox (e.g. includeArchived: nothing is archived)


def _id_filter(kind: str, column: str) -> Filter:
    def build(value: Any) -> tuple[str, list[Any]]:
        if not ids.is_uuid(value):
            raise invalid_input(f"{kind}Id must be a UUID.")
        ident = ids.decode(kind, value)
        return (f"t.{column} = ?", [ident]) if ident is not None else ("false", [])

    return build


def _application_status(value: Any) -> tuple[str, list[Any]]:
    if value not in APPLICATION_STATUSES:
        raise invalid_input(f"status must be one of {', '.join(APPLICATION_STATUSES)}.")
    return application_status_sql(value), []


def _job_status(value: Any) -> tuple[str, list[Any]]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or any(v not in JOB_STATUSES for v in values):
        raise invalid_input(f"status must be a list of {', '.join(JOB_STATUSES)}.")
    world = [v.lower() for v in values if v != "Archived"]  # the world archives no job
    return (f"t.status in ({','.join('?' * len(world))})", world) if world else ("false", [])


def _include_deactivated(value: Any) -> tuple[str, list[Any]]:
    if not isinstance(value, bool):
        raise invalid_input("includeDeactivated must be a boolean.")
    return ("true" if value else "t.is_active"), []


def _plain(table: str, hidden: str = "true") -> str:
    return f"select x.*, x.updated_at as changed_at from {table} x where {hidden}"


_APPLICATIONS = """
    select a.*, greatest(a.updated_at, coalesce(c.updated_at, a.updated_at)) as changed_at
    from applications a left join candidates c on c.id = a.candidate_id
    where a.deleted_at is null
"""
_SCHEDULES = """
    select i.*, greatest(i.updated_at, coalesce(p.t, i.updated_at), coalesce(s.t, i.updated_at)) as changed_at
    from interviews i
    left join (select interview_id, max(updated_at) as t from interview_interviewers group by 1) p
           on p.interview_id = i.id
    left join (select interview_id, max(updated_at) as t from scorecards group by 1) s on s.interview_id = i.id
    where i.deleted_at is null
"""
# One offer per application; its latest version is the world's highest version.
_OFFERS = """
    select application_id as id, id as version_id, status, salary, currency, start_date, resolved_at, opening_id,
           created_at as version_created_at, first_created as created_at, last_updated as changed_at
    from (select *, max(updated_at) over (partition by application_id) as last_updated,
                 min(created_at) over (partition by application_id) as first_created
          from offers where deleted_at is null
          qualify row_number() over (partition by application_id order by version desc, id desc) = 1)
"""
_PLANS = """
    select j.id, j.title, j.created_at, greatest(j.created_at, coalesce(s.t, j.created_at)) as updated_at,
           greatest(j.created_at, coalesce(s.t, j.created_at)) as changed_at
    from jobs j left join (select job_id, max(updated_at) as t from job_stages group by 1) s on s.job_id = j.id
    where j.deleted_at is null
"""

INCLUDE_ARCHIVED = ("includeArchived",)

ENDPOINTS: dict[str, ListEndpoint] = {
    e.name: e
    for e in (
        ListEndpoint("department.list", "organizationRead", _plain("departments"), shapes.departments,
                     ignored=INCLUDE_ARCHIVED),
        ListEndpoint("location.list", "organizationRead", _plain("offices"), shapes.locations,
                     ignored=INCLUDE_ARCHIVED),
        ListEndpoint("source.list", "hiringProcessMetadataRead", _plain("sources"), shapes.sources,
                     ignored=INCLUDE_ARCHIVED),
        ListEndpoint("archiveReason.list", "hiringProcessMetadataRead", _plain("rejection_reasons"),
                     shapes.archive_reasons, ignored=INCLUDE_ARCHIVED),
        ListEndpoint("interviewPlan.list", "hiringProcessMetadataRead", _PLANS, shapes.interview_plans,
                     ignored=INCLUDE_ARCHIVED),
        ListEndpoint("user.list", "organizationRead", _plain("users"), shapes.users, sync=True,
                     filters={"includeDeactivated": _include_deactivated},
                     defaults={"includeDeactivated": "t.is_active"}),
        ListEndpoint("job.list", "jobsRead", _plain("jobs", "x.deleted_at is null"), shapes.jobs, sync=True,
                     created_after=True, filters={"status": _job_status},
                     defaults={"status": "t.status <> 'draft'"}, ignored=("expand",)),
        ListEndpoint("candidate.list", "candidatesRead", _plain("candidates", "x.deleted_at is null"),
                     shapes.candidates, sync=True, created_after=True),
        ListEndpoint("application.list", "candidatesRead", _APPLICATIONS, shapes.applications, sync=True,
                     created_after=True,
                     filters={"status": _application_status, "jobId": _id_filter("job", "job_id")},
                     ignored=("expand",)),
        ListEndpoint("applicationFeedback.list", "candidatesRead",
                     _plain("scorecards", "x.deleted_at is null and x.submitted_at is not null"),
                     shapes.feedback, sync=True, created_after=True,
                     filters={"applicationId": _id_filter("application", "application_id")}),
        ListEndpoint("interviewSchedule.list", "interviewsRead", _SCHEDULES, shapes.schedules, sync=True,
                     created_after=True,
                     filters={"applicationId": _id_filter("application", "application_id"),
                              "interviewStageId": _id_filter("interview_stage", "job_stage_id")}),
        ListEndpoint("offer.list", "offersRead", _OFFERS, shapes.offers, sync=True, created_after=True,
                     filters={"applicationId": _id_filter("application", "id")},
                     ignored=("offerStatus", "acceptanceStatus", "approvalStatus")),
    )
}  # fmt: skip

# Per-parent endpoints (handled apart from the lists above).
HISTORY = "application.listHistory"
STAGES = "interviewStage.list"
PER_PARENT_PERMISSIONS = {HISTORY: "candidatesRead", STAGES: "hiringProcessMetadataRead"}
