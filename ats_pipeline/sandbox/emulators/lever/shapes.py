"""How each Lever record is rendered from world rows (ats_apis.md §2.6, §2.7, §2.10).

The world is vendor-neutral; Lever's model differs in three ways worth knowing:
- an *opportunity* is one candidate considered for one job: a world application. The person is the ``contact``
  (one per world candidate, shared by that person's opportunities); person fields (name, emails, phones, location,
  headline) are rendered on each opportunity from the candidate, so a contact edit, merge or anonymization changes
  its opportunities (``updatedAt`` = the later of the application's and the candidate's). After a merge the moved
  opportunities carry the surviving contact; after an anonymization the PII is null and ``isAnonymized`` true;
- Lever stages are account-wide. Each world job stage becomes one Lever stage (named like it), and
  ``toStageIndex`` is the stage's position in its posting's plan (0-based); leads without a posting sit in the
  built-in ``lead-new`` stage. ``stageChanges`` lists every stage entry (from the world's stage visits) with the
  user who moved the opportunity;
- archiving closes an opportunity: rejected -> ``archived.reason`` = the rejection reason, hired -> the "Hired"
  archive reason; the stage does not change on archive.
Interviews at one stage of one opportunity form one panel. Every timestamp is epoch milliseconds.
Enrichment functions add ``_``-prefixed keys to a page's rows in a few batch queries; renderers read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ats_pipeline.sandbox.emulators.lever import vocab
from ats_pipeline.sandbox.emulators.lever.ids import LEAD_NEW, lever_id, ms, optional_id

Row = dict[str, Any]
HIRE_URL = "https://hire.sandbox.lever.co"
FEEDBACK_TEMPLATE = lever_id("feedback_template", 1)


@dataclass(frozen=True)
class RenderContext:
    expand: frozenset[str] = field(default_factory=frozenset)


Enrich = Callable[[Any, list[Row]], None]


def id_list(values: Any) -> str:
    """Inline world ids (ints only, so no injection) as ``1,2,3``; ``NULL`` for none."""
    return ",".join(str(int(v)) for v in values if v is not None) or "NULL"


def fetch(cur: Any, sql: str, params: list[Any] | None = None) -> list[Row]:
    cur.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]


def _user(nid: int | None) -> str | None:
    return optional_id("user", nid)


def _stage(nid: int | None) -> str:
    return LEAD_NEW if nid is None else lever_id("stage", nid)


def _day_ms(value: date | None) -> int | None:
    return None if value is None else ms(datetime(value.year, value.month, value.day))


def _full_name(first: str | None, last: str | None) -> str | None:
    return " ".join(p for p in (first, last) if p) or None


# --- opportunities and applications ----------------------------------------------------------------------------


def enrich_opportunities(cur: Any, rows: list[Row]) -> None:
    """Stage entries (with the user who made each move) and, for ``expand``, stage names and owners."""
    apps = id_list(r["nid"] for r in rows)
    visits = fetch(
        cur,
        f"""
        select v.application_id, v.job_stage_id, js.stage_order, v.entered_at, e.user_id
        from application_stages v
        join job_stages js on js.id = v.job_stage_id
        left join (select application_id, to_stage_id, occurred_at, max(user_id) as user_id from application_events
                   where kind in ('applied', 'stage_change', 'unrejected') and deleted_at is null
                     and application_id in ({apps}) group by 1, 2, 3) e
               on e.application_id = v.application_id and e.to_stage_id = v.job_stage_id
              and e.occurred_at = v.entered_at
        where v.deleted_at is null and v.application_id in ({apps})
        order by v.application_id, v.entered_at, v.id
        """,
    )
    by_app: dict[int, list[Row]] = {}
    for v in visits:
        by_app.setdefault(v["application_id"], []).append(v)
    stages = {r["current_stage_id"] for r in rows if r["current_stage_id"] is not None}
    names = dict(cur.execute(f"select id, name from job_stages where id in ({id_list(stages)})").fetchall())
    owners = {r["recruiter_id"] for r in rows}
    users = {u["id"]: u for u in fetch(cur, f"select * from users where id in ({id_list(owners)})")}
    for r in rows:
        r["_visits"] = by_app.get(r["nid"], [])
        r["_stage_text"] = names.get(r["current_stage_id"], vocab.LEAD_NEW_TEXT)
        r["_owner"] = users.get(r["recruiter_id"])


def _archived(row: Row) -> dict[str, Any] | None:
    if row["status"] == "rejected":
        return {
            "archivedAt": ms(row["rejected_at"]),
            "reason": optional_id("archive_reason", row["rejection_reason_id"]),
        }
    if row["status"] == "hired":
        return {"archivedAt": ms(row["hired_at"]), "reason": lever_id("archive_reason", vocab.HIRED_REASON_NID)}
    return None


def _origin(row: Row) -> str:
    return vocab.ORIGINS.get(row["source_type"] or "", "applied")


def opportunity(row: Row, ctx: RenderContext) -> dict[str, Any]:
    oid = lever_id("opportunity", row["nid"])
    origin = _origin(row)
    sourced_by = row["recruiter_id"] if origin == "sourced" else row["referrer_id"] if origin == "referred" else None
    followers = list(dict.fromkeys(u for u in (row["recruiter_id"], row["coordinator_id"]) if u is not None))
    visits = row.get("_visits", [])
    stage: Any = _stage(row["current_stage_id"])
    if "stage" in ctx.expand:
        stage = {"id": stage, "text": row.get("_stage_text")}
    owner: Any = _user(row["recruiter_id"])
    if "owner" in ctx.expand and row.get("_owner"):
        owner = user(row["_owner"], ctx)
    applications: list[Any] = [] if row["job_id"] is None else [lever_id("application", row["nid"])]
    if "applications" in ctx.expand and applications:
        applications = [application(row, ctx)]
    return {
        "id": oid,
        "name": _full_name(row["first_name"], row["last_name"]),
        "headline": row["company"],
        "contact": lever_id("contact", row["candidate_id"]),
        "stage": stage,
        "confidentiality": "confidential" if row["confidential"] else "non-confidential",
        "location": row["city"],
        "phones": [{"type": "mobile", "value": row["phone"]}] if row["phone"] else [],
        "emails": [row["email"]] if row["email"] else [],
        "links": [],
        "archived": _archived(row),
        "tags": [],
        "sources": [row["source_name"]] if row["source_name"] else [],
        "stageChanges": [
            {
                "toStageId": lever_id("stage", v["job_stage_id"]),
                "toStageIndex": v["stage_order"] - 1,
                "updatedAt": ms(v["entered_at"]),
                "userId": _user(v["user_id"]),
            }
            for v in visits
        ],
        "origin": origin,
        "sourcedBy": _user(sourced_by),
        "owner": owner,
        "followers": [lever_id("user", u) for u in followers],
        "applications": applications,
        "createdAt": ms(row["created_at"]),
        "updatedAt": row["updated_ms"],
        "lastInteractionAt": ms(row["last_activity_at"]),
        "lastAdvancedAt": ms(max((v["entered_at"] for v in visits), default=row["created_at"])),
        "snoozedUntil": None,
        "urls": {"list": f"{HIRE_URL}/candidates", "show": f"{HIRE_URL}/candidates/{oid}"},
        "isAnonymized": row["anonymized_at"] is not None,
        "dataProtection": None,
        "opportunityLocation": row["city"],
    }


def application(row: Row, ctx: RenderContext) -> dict[str, Any]:
    """The application of an opportunity rendered from the same row (Lever: one application per opportunity)."""
    oid = lever_id("opportunity", row["nid"])
    if row["is_prospect"]:
        # Added to the posting by a recruiter (a lead, not an applicant), even when someone referred them: Lever's
        # "referral" and "posting" types are applications the candidate or a referral form submitted.
        kind = "user"
    elif row["source_type"] == "referral":
        kind = "referral"
    else:
        kind = "posting"
    hired = row["status"] == "hired"
    return {
        "id": lever_id("application", row["nid"]),
        "opportunityId": oid,
        "candidateId": oid,  # Lever's deprecated alias of the opportunity id
        "createdAt": ms(row["created_at"]),
        "type": kind,
        "posting": optional_id("posting", row["job_id"]),
        "postingHiringManager": _user(row["hiring_manager_id"]),
        "postingOwner": _user(row["job_recruiter_id"]),
        "user": _user(row["recruiter_id"]) if kind == "user" else None,
        "name": _full_name(row["first_name"], row["last_name"]),
        "email": row["email"],
        "phone": {"type": "mobile", "value": row["phone"]} if row["phone"] else None,
        "company": row["company"],
        "links": [],
        "comments": None,
        "customQuestions": [],
        "archived": _archived(row),
        "requisitionForHire": {
            "id": lever_id("requisition", row["job_id"]),
            "requisitionCode": row["requisition_id"],
            "hiringManagerOnHire": _user(row["hiring_manager_id"]),
        }
        if hired and row["job_id"] is not None
        else None,
    }


# --- interviews, panels, feedback, offers ----------------------------------------------------------------------


def interview(row: Row, ctx: RenderContext) -> dict[str, Any]:
    """From a row of ``resources.INTERVIEWS`` (interviewers, feedback ids and panel computed in SQL)."""
    return {
        "id": lever_id("interview", row["nid"]),
        "panel": lever_id("panel", row["panel_nid"]),
        "subject": row["name"],
        "note": None,
        "interviewers": [
            {
                "id": lever_id("user", p["id"]),
                "email": p["email"],
                "name": _full_name(p["first_name"], p["last_name"]),
                "feedbackTemplate": FEEDBACK_TEMPLATE,
            }
            for p in row["people"] or []
        ],
        "timezone": row["timezone"] or "UTC",
        "createdAt": ms(row["created_at"]),
        "date": ms(row["starts_at"]),
        "duration": int((row["ends_at"] - row["starts_at"]).total_seconds() // 60),
        "location": row["location"],
        "feedbackTemplate": FEEDBACK_TEMPLATE,
        "feedbackForms": [lever_id("feedback", f) for f in row["forms"] or []],
        "feedbackReminder": "frequently",
        "user": _user(row["organizer_id"]),
        "stage": lever_id("stage", row["job_stage_id"]),
        "canceledAt": ms(row["updated_at"]) if row["status"] == "cancelled" else None,
        "postings": [lever_id("posting", row["job_id"])] if row["job_id"] is not None else [],
        "gcalEventUrl": None,
    }


def panel(row: Row, ctx: RenderContext) -> dict[str, Any]:
    """From a row of ``resources.PANELS``: the interviews of one opportunity at one stage, as structs."""
    interviews = row["interviews"]
    first = interviews[0] if interviews else {}
    cancelled = bool(interviews) and all(i["status"] == "cancelled" for i in interviews)
    return {
        "id": lever_id("panel", row["nid"]),
        "applications": [lever_id("application", row["application_id"])] if row["job_id"] is not None else [],
        "canceledAt": ms(max(i["updated_at"] for i in interviews)) if cancelled else None,
        "createdAt": ms(row["created_at"]),
        "start": ms(row["starts_at"]),
        "end": ms(row["ends_at"]),
        "timezone": row["timezone"] or "UTC",
        "feedbackReminder": "frequently",
        "note": None,
        "stage": lever_id("stage", row["job_stage_id"]),
        "user": _user(first.get("organizer_id")),
        "externalUrl": None,
        "externallyManaged": False,
        "interviews": [interview(i, ctx) for i in interviews],
    }


def feedback(row: Row, ctx: RenderContext) -> dict[str, Any]:
    submitted = row["submitted_at"]
    score = vocab.SCORES.get(row["recommendation"]) if submitted is not None else None
    return {
        "id": lever_id("feedback", row["nid"]),
        "type": "interview",
        "text": "Interview feedback",
        "instructions": None,
        "fields": [
            {
                "type": "score-system",
                "text": "Rating",
                "description": "Overall recommendation",
                "required": True,
                "value": score,
            },
            {"type": "textarea", "text": "Notes", "description": "", "required": False, "value": None},
        ],
        "baseTemplateId": FEEDBACK_TEMPLATE,
        "interview": lever_id("interview", row["interview_id"]),
        "panel": lever_id("panel", row["panel_nid"]),
        "user": lever_id("user", row["interviewer_id"]),
        "createdAt": ms(row["created_at"]),
        "completedAt": ms(submitted),
        "updatedAt": ms(row["updated_at"]),
        "deletedAt": None,
    }


def offer(row: Row, ctx: RenderContext) -> dict[str, Any]:
    status = vocab.OFFER_STATUS.get(row["status"], row["status"])
    signed = status == "signed"
    start = _day_ms(row["start_date"])
    sent = ms(row["sent_at"])
    document = {"fileName": f"offer-letter-{row['nid']}.pdf", "uploadedAt": sent, "downloadUrl": None}
    return {
        "id": lever_id("offer", row["nid"]),
        "createdAt": ms(row["created_at"]),
        "status": status,
        "creator": _user(row["recruiter_id"]),
        "fields": [
            {"text": "Salary", "identifier": "salary_amount", "value": str(row["salary"])},
            {"text": "Salary currency", "identifier": "salary_currency", "value": row["currency"]},
            {
                "text": "Anticipated start date",
                "identifier": "anticipated_start_date",
                "value": None if start is None else str(start),
            },
        ],
        "signatures": {
            "candidate": {
                "role": "candidate",
                "name": _full_name(row["first_name"], row["last_name"]),
                "email": row["email"],
                "signed": signed,
                "signedAt": ms(row["resolved_at"]) if signed else None,
                "firstOpenedAt": sent,
                "lastOpenedAt": sent,
            },
            "signers": [],
        },
        "approved": True,
        "approvedAt": ms(row["created_at"]),
        "sentAt": sent,
        "posting": lever_id("posting", row["job_id"]),
        "sentDocument": document if sent is not None else None,
        "signedDocument": {**document, "uploadedAt": ms(row["resolved_at"])} if signed else None,
    }


# --- account lists ---------------------------------------------------------------------------------------------


def posting(row: Row, ctx: RenderContext) -> dict[str, Any]:
    pid = lever_id("posting", row["nid"])
    state = vocab.POSTING_STATES.get(row["status"], row["status"])
    location = row["office_name"]
    return {
        "id": pid,
        "text": row["title"],
        "state": state,
        "distributionChannels": ["public", "internal"] if state == "published" else [],
        "user": _user(row["recruiter_id"]),
        "owner": _user(row["recruiter_id"]),
        "hiringManager": _user(row["hiring_manager_id"]),
        "followers": [],
        "categories": {
            "team": row["team"],
            "department": row["department"],
            "location": location,
            "commitment": "Full-time",
            "level": None,
            "allLocations": [location] if location else [],
        },
        "tags": [],
        "content": {"description": f"Join us as {row['title']}.", "lists": [], "closing": ""},
        "country": None,
        "workplaceType": "unspecified",
        "confidentiality": "confidential" if row["confidential"] else "non-confidential",
        "createdAt": ms(row["created_at"]),
        "updatedAt": ms(row["updated_at"]),
        "requisitionCodes": [row["requisition_id"]],
        "urls": {
            "list": "https://jobs.sandbox.lever.co/sandbox",
            "show": f"https://jobs.sandbox.lever.co/sandbox/{pid}",
            "apply": f"https://jobs.sandbox.lever.co/sandbox/{pid}/apply",
        },
    }


def requisition(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": lever_id("requisition", row["nid"]),
        "requisitionCode": row["requisition_id"],
        "name": row["title"],
        "backfill": False,
        "confidentiality": "confidential" if row["confidential"] else "non-confidential",
        "createdAt": ms(row["created_at"]),
        "creator": _user(row["recruiter_id"]),
        "headcountHired": row["headcount_hired"],
        "headcountInfinite": False,
        "headcountTotal": row["headcount_total"],
        "hiringManager": _user(row["hiring_manager_id"]),
        "owner": _user(row["recruiter_id"]),
        "status": vocab.REQUISITION_STATUS.get(row["status"], row["status"]),
        "compensationBand": None,
        "employmentStatus": "full-time",
        "location": row["office_name"],
        "internalNotes": None,
        "postings": [lever_id("posting", row["nid"])],
        "team": row["team"],
        "department": row["department"],
        "offerIds": [],
        "approval": None,
        "timeToFillStartAt": ms(row["opened_at"]),
        "timeToFillEndAt": ms(row["closed_at"]),
        "customFields": {},
    }


def user(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": lever_id("user", row["id"]),
        "name": _full_name(row["first_name"], row["last_name"]),
        "username": row["email"].split("@")[0],
        "email": row["email"],
        "accessRole": vocab.ACCESS_ROLES.get(row["role"], "team member"),
        "photo": None,
        "createdAt": ms(row["created_at"]),
        "deactivatedAt": None if row["is_active"] else ms(row["updated_at"]),
        "externalDirectoryId": row["employee_id"],
        "linkedContactIds": None,
        "jobTitle": None,
        "managerId": None,
    }


def stage(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"id": _stage(row["job_stage_id"]), "text": row["name"]}


def archive_reason(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": lever_id("archive_reason", row["nid"]),
        "text": row["name"],
        "status": "active",
        "type": "hired" if row["nid"] == vocab.HIRED_REASON_NID else "non-hired",
    }


def source(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"text": row["name"], "count": row["count"]}


def deleted_opportunity(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"id": lever_id("opportunity", row["nid"]), "deletedAt": row["sort_key"]}


def deleted_application(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {
        "id": lever_id("application", row["nid"]),
        "deletedAt": row["sort_key"],
        "opportunityId": lever_id("opportunity", row["nid"]),
        "postingId": optional_id("posting", row["job_id"]),
    }


def deleted_posting(row: Row, ctx: RenderContext) -> dict[str, Any]:
    return {"id": lever_id("posting", row["nid"]), "deletedAt": row["sort_key"]}


# --- EEO -------------------------------------------------------------------------------------------------------


def enrich_eeo(cur: Any, rows: list[Row]) -> None:
    """Who archived each application: the user behind its latest rejection or hire (null for withdrawals)."""
    apps = id_list(r["nid"] for r in rows)
    cur.execute(
        "select application_id, arg_max(user_id, (occurred_at, id)) from application_events "
        f"where kind in ('rejected', 'hired', 'withdrew') and deleted_at is null and application_id in ({apps}) "
        "group by 1"
    )
    by = dict(cur.fetchall())
    for r in rows:
        r["_archived_by"] = by.get(r["nid"])


def _answers(row: Row) -> dict[str, Any]:
    disability = vocab.EEO_DISABILITY.get(row["disability_status"] or "")
    return {
        "gender": vocab.EEO_GENDER.get(row["gender"] or ""),
        "race": vocab.eeo_race(row["races"]),
        "veteran": vocab.EEO_VETERAN.get(row["veteran_status"] or ""),
        "disability": disability,
        "disabilitySignatureDate": row["submitted_at"].date().isoformat() if disability else None,
    }


def eeo_response(row: Row, ctx: RenderContext) -> dict[str, Any]:
    """Anonymous: the answers and where the application stands, with no id of any record."""
    archived = row["archived_at"] is not None
    return _answers(row) | {
        "currentStage": _stage(row["current_stage_id"]),
        "appliedAt": ms(row["applied_at"]),
        "applicationArchivedAt": ms(row["archived_at"]),
        "applicationArchivedBy": _user(row.get("_archived_by")) if archived else None,
    }


def eeo_response_pii(row: Row, ctx: RenderContext) -> dict[str, Any]:
    """With PII: the answers linked to the opportunity (and posting) they were given for."""
    return {
        "id": lever_id("eeo_response", row["nid"]),
        "opportunityId": lever_id("opportunity", row["nid"]),
        "posting": optional_id("posting", row["job_id"]),
        "createdAt": row["sort_key"],
    } | _answers(row)
