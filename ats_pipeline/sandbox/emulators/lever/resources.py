"""The Lever list endpoints: where each reads the world, how it is ordered and filtered, how it renders.

Every relation exposes ``nid`` (the world id behind the record's Lever id) and ``sort_key`` (the list order, epoch
ms for time-ordered lists); paging is a keyset walk over (sort_key, nid). Deleted rows are hidden from every list
and appear in the ``/deleted`` lists instead; merged-away candidates have no applications left, so they simply stop
being a contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ats_pipeline.sandbox.emulators.lever import filters as f
from ats_pipeline.sandbox.emulators.lever import shapes as s
from ats_pipeline.sandbox.emulators.lever import vocab
from ats_pipeline.sandbox.emulators.lever.ids import LEAD_NEW
from ats_pipeline.sandbox.emulators.lever.shapes import Enrich, RenderContext, Row

Render = Callable[[Row, RenderContext], dict[str, Any]]


@dataclass(frozen=True)
class ListSpec:
    path: str  # under /v1; "{opportunity}" marks a per-opportunity list
    scope: str
    kind: str  # id kind of the records (page tokens name a record by it)
    relation: str  # select exposing nid and sort_key, aliased t when queried
    render: Render
    enrich: Enrich | None = None
    filters: tuple[f.Filter, ...] = ()
    ascending: bool = False
    per_opportunity: bool = False  # the relation reads one opportunity's rows (its PARENT placeholder)
    expand: frozenset[str] = frozenset()  # accepted ``expand`` values


def _scope(name: str) -> str:
    return f"{name}:read:admin"


# --- relations -------------------------------------------------------------------------------------------------

PARENT = "{parent}"  # per-opportunity relations: replaced by the opportunity's world id (an int) per request


def _opportunities(where: str = "true") -> str:
    return f"""
    (select a.id as nid, epoch_ms(a.created_at) as sort_key,
            a.candidate_id, a.job_id, a.is_prospect, a.referrer_id, a.recruiter_id, a.coordinator_id, a.status,
            a.current_stage_id, a.rejected_at, a.rejection_reason_id, a.hired_at, a.last_activity_at, a.created_at,
            epoch_ms(greatest(a.updated_at, c.updated_at)) as updated_ms,
            epoch_ms(case a.status when 'rejected' then a.rejected_at when 'hired' then a.hired_at end) as archived_ms,
            c.first_name, c.last_name, c.email, c.phone, c.company, c.city, c.anonymized_at,
            coalesce(j.confidential, false) as confidential, j.hiring_manager_id, j.recruiter_id as job_recruiter_id,
            j.requisition_id, src.name as source_name, src.type as source_type
     from applications a
     join candidates c on c.id = a.candidate_id
     left join jobs j on j.id = a.job_id
     left join sources src on src.id = a.source_id
     where a.deleted_at is null and {where})
    """


OPPORTUNITIES = _opportunities()

# One opportunity's interviews, each with its interviewers, feedback ids and panel (the smallest interview id of
# the opportunity's interviews at that stage), computed here so a request costs one query.
INTERVIEWS = f"""
    (select i.id as nid, epoch_ms(i.created_at) as sort_key, i.application_id, i.job_stage_id, i.name, i.status,
            i.starts_at, i.ends_at, i.organizer_id, i.location, i.created_at, i.updated_at, a.job_id, o.timezone,
            min(i.id) over (partition by i.job_stage_id) as panel_nid,
            (select list(struct_pack(id := u.id, email := u.email, first_name := u.first_name,
                                     last_name := u.last_name) order by ii.id)
             from interview_interviewers ii join users u on u.id = ii.user_id
             where ii.interview_id = i.id and ii.deleted_at is null) as people,
            (select list(sc.id order by sc.id) from scorecards sc
             where sc.interview_id = i.id and sc.deleted_at is null) as forms
     from interviews i
     join applications a on a.id = i.application_id
     left join jobs j on j.id = a.job_id
     left join offices o on o.id = j.office_id
     where i.deleted_at is null and i.application_id = {PARENT})
"""

PANELS = f"""
    (select min(t.nid) as nid, epoch_ms(min(t.created_at)) as sort_key, t.application_id, t.job_stage_id,
            any_value(t.job_id) as job_id, any_value(t.timezone) as timezone, min(t.created_at) as created_at,
            min(t.starts_at) as starts_at, max(t.ends_at) as ends_at,
            list(t order by t.starts_at, t.nid) as interviews
     from {INTERVIEWS} t group by t.application_id, t.job_stage_id)
"""

FEEDBACK = f"""
    (select sc.id as nid, epoch_ms(sc.created_at) as sort_key, sc.application_id, sc.interview_id, sc.interviewer_id,
            sc.recommendation, sc.submitted_at, sc.created_at, sc.updated_at, i.job_stage_id,
            coalesce((select min(x.id) from interviews x
                      where x.application_id = sc.application_id and x.job_stage_id = i.job_stage_id
                        and x.deleted_at is null), sc.interview_id) as panel_nid
     from scorecards sc join interviews i on i.id = sc.interview_id
     where sc.deleted_at is null and sc.application_id = {PARENT})
"""

OFFERS = f"""
    (select o.id as nid, epoch_ms(o.created_at) as sort_key, o.application_id, o.job_id, o.status, o.salary,
            o.currency, o.sent_at, o.resolved_at, o.start_date, o.created_at, a.recruiter_id, c.first_name,
            c.last_name, c.email
     from offers o
     join applications a on a.id = o.application_id
     join candidates c on c.id = a.candidate_id
     where o.deleted_at is null and o.application_id = {PARENT})
"""

_JOBS = """
    select j.*, j.id as nid, epoch_ms(j.created_at) as sort_key, d.name as team, coalesce(pd.name, d.name) as department,
           o.name as office_name
    from jobs j
    left join departments d on d.id = j.department_id
    left join departments pd on pd.id = d.parent_id
    left join offices o on o.id = j.office_id
"""
POSTINGS = f"({_JOBS} where j.deleted_at is null)"
REQUISITIONS = f"""
    (select t.*, coalesce(h.total, 0) as headcount_total, coalesce(h.hired, 0) as headcount_hired
     from ({_JOBS} where j.deleted_at is null) t
     left join (select job_id, count(*) as total, count(*) filter (close_reason = 'hired') as hired
                from openings group by 1) h on h.job_id = t.nid)
"""

USERS = "(select *, id as nid, epoch_ms(created_at) as sort_key from users)"
STAGES = f"""
    (select 0 as nid, 0 as sort_key, null::bigint as job_stage_id, '{vocab.LEAD_NEW_TEXT}' as name
     union all
     select id, row_number() over (order by job_id, stage_order, id), id, name from job_stages)
"""
ARCHIVE_REASONS = f"""
    (select {vocab.HIRED_REASON_NID} as nid, 0 as sort_key, '{vocab.HIRED_REASON_TEXT}' as name
     union all
     select id, id, name from rejection_reasons)
"""
SOURCES = """
    (select src.id as nid, src.id as sort_key, src.name, count(a.id) as count
     from sources src left join applications a on a.source_id = src.id and a.deleted_at is null
     group by src.id, src.name)
"""

DELETED_OPPORTUNITIES = (
    "(select id as nid, epoch_ms(deleted_at) as sort_key, job_id from applications where deleted_at is not null)"
)
DELETED_POSTINGS = "(select id as nid, epoch_ms(deleted_at) as sort_key from jobs where deleted_at is not null)"

EEO = """
    (select d.application_id as nid, epoch_ms(d.submitted_at) as sort_key, d.gender, d.races, d.veteran_status,
            d.disability_status, d.submitted_at, a.job_id, a.current_stage_id, a.applied_at,
            case a.status when 'rejected' then a.rejected_at when 'hired' then a.hired_at end as archived_at
     from demographics d join applications a on a.id = d.application_id
     where d.deleted_at is null and d.submitted_at is not null and a.deleted_at is null)
"""

# --- filters ---------------------------------------------------------------------------------------------------

_OPPORTUNITY_FILTERS = (
    *f.ms_range("updated_at", "updated_ms"),
    *f.ms_range("created_at", "sort_key"),
    *f.ms_range("archived_at", "archived_ms"),
    f.boolean("archived", "t.archived_ms is not null", "t.archived_ms is null"),
    f.confidentiality(),
    f.lever_ids("stage_id", "stage", "current_stage_id", {LEAD_NEW: "t.current_stage_id is null"}),
    f.lever_ids("posting_id", "posting", "job_id"),
    f.lever_ids("contact_id", "contact", "candidate_id"),
    f.choice("origin", "source_type", vocab.ORIGIN_FILTER),
)
_DELETED_FILTERS = f.ms_range("deleted_at", "sort_key")
_EEO_FILTERS = f.ms_range("created_at", "sort_key")

# --- the catalogue ---------------------------------------------------------------------------------------------

OPPORTUNITY_LIST = ListSpec(
    "opportunities",
    _scope("opportunities"),
    "opportunity",
    OPPORTUNITIES,
    s.opportunity,
    s.enrich_opportunities,
    _OPPORTUNITY_FILTERS,
    expand=frozenset({"applications", "stage", "owner"}),
)

# Per-opportunity lists: GET /v1/opportunities/{opportunity}/<name>
CHILD_LISTS: dict[str, ListSpec] = {
    "applications": ListSpec(
        "opportunities/{opportunity}/applications",
        _scope("applications"),
        "application",
        _opportunities(f"a.job_id is not null and a.id = {PARENT}"),
        s.application,
        per_opportunity=True,
    ),
    "interviews": ListSpec(
        "opportunities/{opportunity}/interviews",
        _scope("interviews"),
        "interview",
        INTERVIEWS,
        s.interview,
        per_opportunity=True,
    ),
    "panels": ListSpec(
        "opportunities/{opportunity}/panels", _scope("panels"), "panel", PANELS, s.panel, per_opportunity=True
    ),
    "feedback": ListSpec(
        "opportunities/{opportunity}/feedback",
        _scope("feedback"),
        "feedback",
        FEEDBACK,
        s.feedback,
        per_opportunity=True,
    ),
    "offers": ListSpec(
        "opportunities/{opportunity}/offers", _scope("offers"), "offer", OFFERS, s.offer, per_opportunity=True
    ),
}

# Account-level lists: GET /v1/<path>
LISTS: dict[str, ListSpec] = {
    spec.path: spec
    for spec in (
        OPPORTUNITY_LIST,
        ListSpec(
            "opportunities/deleted",
            _scope("opportunities"),
            "opportunity",
            DELETED_OPPORTUNITIES,
            s.deleted_opportunity,
            filters=_DELETED_FILTERS,
        ),
        ListSpec(
            "applications/deleted",
            _scope("applications"),
            "application",
            f"(select * from {DELETED_OPPORTUNITIES} d where d.job_id is not null)",
            s.deleted_application,
            filters=_DELETED_FILTERS,
        ),
        ListSpec(
            "postings",
            _scope("postings"),
            "posting",
            POSTINGS,
            s.posting,
            filters=(f.confidentiality(), f.choice("state", "status", vocab.POSTING_STATE_FILTER)),
        ),
        ListSpec(
            "postings/deleted",
            _scope("postings"),
            "posting",
            DELETED_POSTINGS,
            s.deleted_posting,
            filters=_DELETED_FILTERS,
        ),
        ListSpec("requisitions", _scope("requisitions"), "requisition", REQUISITIONS, s.requisition),
        ListSpec(
            "users",
            _scope("users"),
            "user",
            USERS,
            s.user,
            filters=(f.boolean("includeDeactivated", "true", "t.is_active", default="false"),),
        ),
        ListSpec("stages", _scope("stages"), "stage", STAGES, s.stage, ascending=True),
        ListSpec(
            "archive_reasons",
            _scope("archive_reasons"),
            "archive_reason",
            ARCHIVE_REASONS,
            s.archive_reason,
            ascending=True,
        ),  # fmt: skip
        ListSpec("sources", _scope("sources"), "source", SOURCES, s.source, ascending=True),
        ListSpec(
            "eeo/responses",
            _scope("eeo_responses"),
            "eeo_response_anonymous",
            EEO,
            s.eeo_response,
            s.enrich_eeo,
            _EEO_FILTERS,
        ),
        ListSpec(
            "eeo/responses/pii",
            _scope("eeo_responses_pii"),
            "eeo_response",
            EEO,
            s.eeo_response_pii,
            filters=_EEO_FILTERS,
        ),
    )
}
