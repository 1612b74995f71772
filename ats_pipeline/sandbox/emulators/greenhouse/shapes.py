"""How each Harvest v3 record is rendered from world rows, plus the batch lookups a page needs.

Shapes follow ats_apis.md §1.9-§1.10 and §1.14, filled out with the v3 field lists of Airbyte's Harvest v3 connector
schemas: flat objects, foreign keys as ``*_id``, every documented key present (null when the world has no value,
``{}``/``[]`` for empty custom fields and lists), timestamps ``YYYY-MM-DDTHH:MM:SS.mmmZ``, dates ``YYYY-MM-DD``.
Enrichment functions add ``_``-prefixed keys to the page's row dicts; renderers read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ats_pipeline.sandbox.emulators.greenhouse import vocab
from ats_pipeline.sandbox.emulators.greenhouse.paging import Row, id_list
from ats_pipeline.sandbox.emulators.greenhouse.params import ListQuery
from ats_pipeline.sandbox.emulators.greenhouse.vocab import day, ts


@dataclass(frozen=True)
class RenderContext:
    now: datetime  # world time
    attachment_url: Callable[[int], str]


def _stamps(row: Row) -> dict[str, Any]:
    return {"created_at": ts(row["created_at"]), "updated_at": ts(row["updated_at"])}


def _lookup(cur: Any, sql: str) -> dict[Any, Any]:
    """``select key, value ...`` -> {key: value}."""
    cur.execute(sql)
    return dict(cur.fetchall())


# --- organisation --------------------------------------------------------------------------------------------------


def department(row: Row, ctx: RenderContext) -> dict[str, Any]:
    keys = ("id", "name", "parent_id", "external_id")
    return {k: row[k] for k in keys} | _stamps(row)


def office(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "location": row["location"],
        "parent_id": row["parent_id"],
        "primary_in_house_contact_user_id": None,
        "external_id": row["external_id"],
    } | _stamps(row)


def user(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "name": f"{row['first_name']} {row['last_name']}",
        "primary_email": row["email"],
        "emails": [row["email"]],
        "employee_id": row["employee_id"],
        "site_admin": row["role"] == "admin",
        "deactivated": not row["is_active"],
        "department_ids": [row["department_id"]] if row["department_id"] is not None else [],
        "office_ids": [row["office_id"]] if row["office_id"] is not None else [],
        "interviewer_tags": [],
        "linked_candidate_ids": [],
        "agency_id": None,
        "job_title": None,
        "custom_fields": {},
    } | _stamps(row)


def referrer(row: Row, ctx: RenderContext) -> dict[str, Any]:
    # Every referring user is a referrer whose id is the user's id, so applications.referrer_id resolves here.
    return {"id": row["id"], "name": f"{row['first_name']} {row['last_name']}", "user_id": row["id"]} | _stamps(row)


def source(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "type": vocab.source_type(row["type"], row["name"])} | _stamps(row)


def rejection_reason(row: Row, ctx: RenderContext) -> dict[str, Any]:
    kind = vocab.REJECTION_TYPES.get(row["type"], vocab.REJECTION_TYPES["none_specified"])
    return {"id": row["id"], "name": row["name"], "type": dict(kind)} | _stamps(row)


def close_reasons(cur: Any, start: datetime) -> list[Row]:
    return [
        {"id": ident, "name": name, "created_at": start, "updated_at": start}
        for ident, name in vocab.CLOSE_REASONS.values()
    ]


def close_reason(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"]} | _stamps(row)


# --- jobs ----------------------------------------------------------------------------------------------------------


def job(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["title"],
        "status": row["status"],
        "confidential": row["confidential"],
        "is_template": False,
        "copied_from_id": None,
        "department_id": row["department_id"],
        "office_ids": [row["office_id"]] if row["office_id"] is not None else [],
        "requisition_id": row["requisition_id"],
        "notes": None,
        "opened_at": ts(row["opened_at"]),
        "closed_at": ts(row["closed_at"]),
        "custom_fields": {},
    } | _stamps(row)


def job_status(selected: tuple[str, ...]) -> tuple[str, list[Any]]:
    return f"t.status in ({','.join('?' * len(selected))})", list(selected)


def job_stage(row: Row, ctx: RenderContext) -> dict[str, Any]:
    # ``kind`` is ground truth for tests and never leaves the emulator.
    return {
        "id": row["id"],
        "job_id": row["job_id"],
        "name": row["name"],
        "sort_order": row["stage_order"],
        "active": True,
    } | _stamps(row)


def enrich_openings(cur: Any, rows: list[Row]) -> None:
    jobs = id_list({r["job_id"] for r in rows})
    order = _lookup(
        cur, f"select id, row_number() over (partition by job_id order by id) from openings where job_id in ({jobs})"
    )
    for r in rows:
        r["_sort_order"] = order.get(r["id"])


def opening(row: Row, ctx: RenderContext) -> dict[str, Any]:
    reason = vocab.CLOSE_REASONS.get(row["close_reason"]) if row["close_reason"] else None
    return {
        "id": row["id"],
        "job_id": row["job_id"],
        "opening_id": row["opening_code"],
        "open": row["status"] == "open",
        "opened_at": ts(row["opened_at"]),
        "closed_at": ts(row["closed_at"]),
        "close_reason_id": reason[0] if reason else None,
        "application_id": row["application_id"],
        "target_start_on": day(row["target_start_date"]),
        "sort_order": row.get("_sort_order"),
        "custom_fields": {},
    } | _stamps(row)


# --- candidates ----------------------------------------------------------------------------------------------------


def enrich_candidates(cur: Any, rows: list[Row]) -> None:
    ids = id_list(r["id"] for r in rows)
    latest = _lookup(
        cur,
        "select candidate_id, max(last_activity_at) from applications "
        f"where deleted_at is null and candidate_id in ({ids}) group by candidate_id",
    )
    for r in rows:
        r["_last_activity_at"] = latest.get(r["id"])


def candidate(row: Row, ctx: RenderContext) -> dict[str, Any]:
    # Anonymized candidates have their PII columns nulled in the world: render null scalars and empty lists.
    return {
        "id": row["id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "preferred_name": None,
        "company": row["company"],
        "title": row["title"],
        "private": False,
        "can_email": row["email"] is not None,
        "time_zone": None,
        "tags": [],
        "linked_user_ids": [],
        "addresses": [{"value": row["city"], "type": "home"}] if row["city"] else [],
        "email_addresses": [{"value": row["email"], "type": "personal"}] if row["email"] else [],
        "phone_numbers": [{"value": row["phone"], "type": "mobile"}] if row["phone"] else [],
        "website_addresses": [],
        "social_media_addresses": [],
        "last_activity_at": ts(row.get("_last_activity_at") or row["updated_at"]),
        "custom_fields": {},
    } | _stamps(row)


def latest_flags(table: str) -> Callable[[Any, list[Row]], None]:
    """Greenhouse keeps one ``latest`` entry per candidate: the ongoing one, else the one that ended last."""

    def enrich(cur: Any, rows: list[Row]) -> None:
        candidates = id_list({r["candidate_id"] for r in rows})
        latest = _lookup(
            cur,
            f"select id, row_number() over (partition by candidate_id order by end_date desc nulls first, id desc) = 1 "
            f"from {table} where deleted_at is null and candidate_id in ({candidates})",
        )
        for r in rows:
            r["_latest"] = bool(latest.get(r["id"]))

    return enrich


def education(row: Row, ctx: RenderContext) -> dict[str, Any]:
    # v3 stores school/degree/discipline as custom field options (see /v3/custom_field_options) and dates as
    # timestamps plus month/year parts.
    start, end = row["start_date"], row["end_date"]
    option = vocab.custom_field_option_id
    ids = vocab.EDUCATION_FIELD_IDS
    return {
        "id": row["id"],
        "candidate_id": row["candidate_id"],
        "school_name_custom_field_option_id": option(ids["school_name"], row["school_name"]),
        "degree_custom_field_option_id": option(ids["degree"], row["degree"]),
        "discipline_custom_field_option_id": option(ids["discipline"], row["discipline"]),
        "start_at": ts(datetime(start.year, start.month, start.day)) if start else None,
        "end_at": ts(datetime(end.year, end.month, end.day)) if end else None,
        "start_date_month": start.month if start else None,
        "start_date_year": start.year if start else None,
        "end_date_month": end.month if end else None,
        "end_date_year": end.year if end else None,
        "latest": row.get("_latest", False),
    } | _stamps(row)


def employment(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "candidate_id": row["candidate_id"],
        "company_name": row["company_name"],
        "title": row["title"],
        "start_date": day(row["start_date"]),
        "end_date": day(row["end_date"]),
        "latest": row.get("_latest", False),
    } | _stamps(row)


def custom_field_options(cur: Any, start: datetime) -> list[Row]:
    rows: list[Row] = []
    for field_id, (key, column) in vocab.EDUCATION_FIELDS.items():
        cur.execute(f"select distinct {column} from candidate_educations where {column} is not null")
        names = sorted(value for (value,) in cur.fetchall())
        for position, name in enumerate(names, start=1):
            rows.append(
                {
                    "id": vocab.custom_field_option_id(field_id, name),
                    "custom_field_id": field_id,
                    "custom_field_key": key,
                    "name": name,
                    "sort_order": position,
                    "created_at": start,
                    "updated_at": start,
                }
            )
    return rows


def custom_field_option(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "custom_field_id": row["custom_field_id"],
        "name": row["name"],
        "active": True,
        "external_id": None,
        "sort_order": row["sort_order"],
    } | _stamps(row)


def attachment(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "candidate_id": row["candidate_id"],
        "filename": row["filename"],
        "type": row["type"],
        "url": ctx.attachment_url(row["id"]),
    } | _stamps(row)


# --- applications --------------------------------------------------------------------------------------------------

_APPLICATION_STATUS_FILTER = {"in_process": "active", "active": "active", "rejected": "rejected", "hired": "hired"}


def application_status(selected: tuple[str, ...]) -> tuple[str, list[Any]]:
    # "converted" prospects do not exist in the world, and an unknown status matches nothing (as in v1).
    wanted = sorted({_APPLICATION_STATUS_FILTER[s] for s in selected if s in _APPLICATION_STATUS_FILTER})
    if not wanted:
        return "false", []
    return f"t.status in ({','.join('?' * len(wanted))})", wanted


def enrich_applications(cur: Any, rows: list[Row]) -> None:
    stages = id_list({r["current_stage_id"] for r in rows if r["current_stage_id"] is not None})
    names = _lookup(cur, f"select id, name from job_stages where id in ({stages})")
    for r in rows:
        r["_stage_name"] = names.get(r["current_stage_id"])


def application(row: Row, ctx: RenderContext) -> dict[str, Any]:
    prospect = row["is_prospect"]
    return {
        "id": row["id"],
        "candidate_id": row["candidate_id"],
        "job_id": row["job_id"],
        "job_post_id": None,
        "job_interview_stage_id": row["current_stage_id"],
        "stage_id": row["current_stage_id"],
        "stage_name": row.get("_stage_name"),
        "status": vocab.APPLICATION_STATUS.get(row["status"], row["status"]),
        "prospect": prospect,
        "prospective_job_ids": [row["job_id"]] if prospect and row["job_id"] is not None else [],
        "source_id": row["source_id"],
        "referrer_id": row["referrer_id"],
        "recruiter_id": row["recruiter_id"],
        "coordinator_id": row["coordinator_id"],
        "rejection_reason_id": row["rejection_reason_id"],
        "rejected_at": ts(row["rejected_at"]),
        "last_activity_at": ts(row["last_activity_at"]),
        "location_address": None,
        "needs_decision": False,
        "agency_note_id": None,
        "answers": [],
        "custom_fields": {},
    } | _stamps(row)


def application_stage(row: Row, ctx: RenderContext) -> dict[str, Any]:
    entered, exited = row["entered_at"], row["exited_at"]
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "job_interview_stage_id": row["job_stage_id"],
        "entered_at": ts(entered),
        "exited_at": ts(exited),
        "current": exited is None,
        # whole calendar days: exited - entered for past visits, now - entered for the current one
        "days_in_stage": max(0, ((exited or ctx.now) - entered).days),
    } | _stamps(row)


# --- interviews and scorecards -------------------------------------------------------------------------------------


def enrich_interviews(cur: Any, rows: list[Row]) -> None:
    apps = id_list({r["application_id"] for r in rows})
    jobs = _lookup(cur, f"select id, job_id from applications where id in ({apps})")
    for r in rows:
        r["_job_id"] = jobs.get(r["application_id"])


def interview(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "job_id": row.get("_job_id"),
        "job_interview_id": vocab.job_interview_id(row["job_stage_id"], row["name"]),
        "status": vocab.INTERVIEW_STATUS.get(row["status"], row["status"]),
        "starts_at": ts(row["starts_at"]),
        "ends_at": ts(row["ends_at"]),
        "all_day_start_on": None,
        "all_day_end_on": None,
        "scheduled_at": ts(row["created_at"]),
        "availability_received_at": None,
        "organizer_id": row["organizer_id"],
        "location": row["location"],
        "video_conferencing_url": None,
        "external_event_id": None,
    } | _stamps(row)


def job_interviews(cur: Any, start: datetime) -> list[Row]:
    """Interview-plan slots, derived from the interviews scheduled against each stage."""
    cur.execute(
        "select i.job_stage_id, i.name, s.job_id, min(i.created_at), max(i.updated_at) from interviews i "
        "join job_stages s on s.id = i.job_stage_id group by i.job_stage_id, i.name, s.job_id"
    )
    slots = sorted(cur.fetchall(), key=lambda r: (r[0], r[1]))
    rows: list[Row] = []
    position: dict[int, int] = {}
    for stage, name, job, created, updated in slots:
        position[stage] = position.get(stage, 0) + 1
        rows.append(
            {
                "id": vocab.job_interview_id(stage, name),
                "job_id": job,
                "job_interview_stage_id": stage,
                "name": name,
                "sort_order": position[stage],
                "created_at": created,
                "updated_at": updated,
            }
        )
    return rows


def job_interview(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "job_id": row["job_id"],
        "job_interview_stage_id": row["job_interview_stage_id"],
        "name": row["name"],
        "duration": None,
        "scheduling_type": "needs_scheduling",
        "require_scorecard": True,
        "active": True,
        "sort_order": row["sort_order"],
        "instructions": None,
        "summary": None,
    } | _stamps(row)


def enrich_interviewers(cur: Any, rows: list[Row]) -> None:
    users = id_list({r["user_id"] for r in rows})
    interviews = id_list({r["interview_id"] for r in rows})
    emails = _lookup(cur, f"select id, email from users where id in ({users})")
    cur.execute(
        "select interview_id, interviewer_id, id from scorecards "
        f"where deleted_at is null and interview_id in ({interviews})"
    )
    scorecards = {(i, u): s for i, u, s in cur.fetchall()}
    for r in rows:
        r["_email"] = emails.get(r["user_id"])
        r["_scorecard_id"] = scorecards.get((r["interview_id"], r["user_id"]))


def interviewer(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "interview_id": row["interview_id"],
        "user_id": row["user_id"],
        "email": row.get("_email"),
        "response_status": row["response_status"],
        "scorecard_id": row.get("_scorecard_id"),
    } | _stamps(row)


def scorecard(row: Row, ctx: RenderContext) -> dict[str, Any]:
    submitted = row["submitted_at"]
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "interview_id": row["interview_id"],
        "interviewer_id": row["interviewer_id"],
        "submitter_id": row["interviewer_id"] if submitted is not None else None,
        "interview_kit_id": None,
        "interviewed_at": ts(row["interviewed_at"]),
        "submitted_at": ts(submitted),
        "status": "complete" if submitted is not None else "draft",
        "candidate_rating": row["recommendation"],
        "notes": None,
        "notes_with_tags": None,
        "private_notes": None,
        "private_notes_with_tags": None,
        "public_notes": None,
        "public_notes_with_tags": None,
    } | _stamps(row)


# --- offers --------------------------------------------------------------------------------------------------------


def offer_status(selected: tuple[str, ...]) -> tuple[str, list[Any]]:
    wanted = sorted({w for s in selected for w in vocab.OFFER_STATUS_FILTER.get(s, ())})
    if not wanted:
        return "false", []
    return f"t.status in ({','.join('?' * len(wanted))})", wanted


def offer_flags(flags: Mapping[str, str]) -> tuple[str, list[Any]]:
    # current_only=true: the latest version per application, i.e. everything not superseded.
    if flags.get("current_only", "").lower() == "true":
        return "t.status <> 'deprecated'", []
    return "true", []


def offer(row: Row, ctx: RenderContext) -> dict[str, Any]:
    status = vocab.OFFER_STATUS.get(row["status"], row["status"])
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "candidate_id": row["candidate_id"],
        "job_id": row["job_id"],
        "opening_id": row["opening_id"],
        "version": row["version"],
        "status": status,
        "sent_on": day(row["sent_at"]),
        "starts_on": day(row["start_date"]),
        # resolved only once Accepted or Rejected; null while Created or when superseded (Deprecated)
        "resolved_at": ts(row["resolved_at"]) if status in ("Accepted", "Rejected") else None,
        "custom_fields": {
            "salary": {
                "name": "Salary",
                "type": "currency",
                "value": {"amount": row["salary"], "unit": row["currency"]},
            }
        },
    } | _stamps(row)


# --- EEOC and demographics -----------------------------------------------------------------------------------------


def eeoc(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": row["id"],
        "application_id": row["application_id"],
        "candidate_id": row["candidate_id"],
        "gender": vocab.eeoc_gender(row["gender"]),
        "race": vocab.eeoc_race(row["races"]),
        "veteran_status": vocab.eeoc_veteran(row["veteran_status"]),
        "disability_status": vocab.eeoc_disability(row["disability_status"]),
        "submitted_at": ts(row["submitted_at"]),
    } | _stamps(row)


def question_sets(cur: Any, start: datetime) -> list[Row]:
    return [vocab.DEMOGRAPHIC_QUESTION_SET | {"created_at": start, "updated_at": start}]


def question_set(row: Row, ctx: RenderContext) -> dict[str, Any]:
    keys = ("id", "title", "description", "active", "enabled")
    return {k: row[k] for k in keys} | _stamps(row)


def questions(cur: Any, start: datetime) -> list[Row]:
    return [
        {
            "id": ident,
            "demographic_question_set_id": vocab.DEMOGRAPHIC_QUESTION_SET["id"],
            "name": name,
            "answer_type": answer_type,
            "required": False,
            "active": True,
            "sort_order": position,
            "created_at": start,
            "updated_at": start,
        }
        for position, (ident, _, name, answer_type) in enumerate(vocab.DEMOGRAPHIC_QUESTIONS, start=1)
    ]


def question(row: Row, ctx: RenderContext) -> dict[str, Any]:
    keys = ("id", "demographic_question_set_id", "name", "answer_type", "required", "active", "sort_order")
    return {k: row[k] for k in keys} | _stamps(row)


def answer_options(cur: Any, start: datetime) -> list[Row]:
    rows = []
    position: dict[int, int] = {}
    for ident, question, _, name, decline in vocab.DEMOGRAPHIC_OPTIONS:
        position[question] = position.get(question, 0) + 1
        rows.append(
            {
                "id": ident,
                "demographic_question_id": question,
                "name": name,
                "active": True,
                "free_form": False,
                "decline_to_answer": decline,
                "sort_order": position[question],
                "created_at": start,
                "updated_at": start,
            }
        )
    return rows


def answer_option(row: Row, ctx: RenderContext) -> dict[str, Any]:
    keys = ("id", "demographic_question_id", "name", "active", "free_form", "decline_to_answer", "sort_order")
    return {k: row[k] for k in keys} | _stamps(row)


def demographic_answers_relation(
    query: ListQuery, after: int | None, at_least: int | None, limit: int
) -> tuple[str, list[Any]]:
    """One row per (application, question, chosen option); several for multi-race answers. Ids are
    ``application_id * 32 + option id``: stable, unique, and ordered like the applications.

    Answers are derived rows, so filters that bear on the application are pushed into the scan of
    ``demographics``; without a question filter every remaining application yields at least one answer, so the
    newest ``limit`` applications are enough for a page (this keeps a page in milliseconds on a big world).
    """
    stride = vocab.ANSWER_ID_STRIDE
    where = [
        "d.deleted_at is null",
        "d.submitted_at is not null",
        "(d.gender is not null or d.veteran_status is not null or d.disability_status is not null "
        "or len(coalesce(d.races, [])) > 0)",
    ]
    params: list[Any] = []
    if after is not None:
        where.append("d.application_id <= ?")
        params.append((after - 1) // stride)
    if at_least is not None:
        where.append("d.application_id >= ?")
        params.append(at_least // stride)
    if query.date is not None:
        clause, values = query.date.sql("d")
        where.append(clause)
        params.extend(values)
    if query.ids is not None:
        where.append(f"d.application_id in ({id_list({i // stride for i in query.ids})})")
    if "application_ids" in query.parents:
        where.append(f"d.application_id in ({id_list(query.parents['application_ids'])})")
    top = "" if "demographic_question_ids" in query.parents else f"order by d.application_id desc limit {int(limit)}"
    # materialized: the four branches below read the (small) subset instead of scanning demographics four times
    subset = f"select * from demographics d where {' and '.join(where)} {top}"
    branches = []
    for question, column, _, _ in vocab.DEMOGRAPHIC_QUESTIONS:
        value = f"unnest({column})" if column == "races" else column
        branches.append(
            f"select application_id, created_at, updated_at, deleted_at, {question} as question_id, {value} as value "
            "from subset"
        )
    options = ", ".join(f"({o}, {q}, '{v}')" for o, q, v, _, _ in vocab.DEMOGRAPHIC_OPTIONS)
    relation = (
        f"(with subset as materialized ({subset}) "
        f"select a.application_id * {stride} + o.option_id as id, a.application_id, "
        "o.question_id as demographic_question_id, o.option_id as demographic_answer_option_id, "
        f"a.created_at, a.updated_at, a.deleted_at from ({' union all '.join(branches)}) a "
        f"join (values {options}) o(option_id, question_id, value) "
        "on o.question_id = a.question_id and o.value = a.value)"
    )
    return relation, params


def answer(row: Row, ctx: RenderContext) -> dict[str, Any]:
    keys = ("id", "application_id", "demographic_question_id", "demographic_answer_option_id")
    return {k: row[k] for k in keys} | {"free_form_text": None} | _stamps(row)
