"""How each SPI v3 record is rendered from world rows (ats_apis.md §4.5, §4.9; the vendor's reference pages).

Conventions of v3: ids are strings (hex), timestamps ISO 8601 in UTC with a ``Z`` and whole seconds
(``2015-06-08T00:00:00Z``), dates ``YYYY-MM-DD``, empty values ``null``. Every documented key is present.

World -> Workable vocabularies:
- job status: ``draft`` -> ``draft``; ``open`` -> ``published`` (``closed`` when confidential: Workable's
  "closed" is a job used internally or confidentially); ``closed`` -> ``archived``;
- stage kinds: applied -> ``applied``, screen -> ``phone-screen``, assessment -> ``assessment``, interview and
  final -> ``interview``, offer -> ``offer``; hired candidates sit in a ``Hired`` stage of kind ``hired``;
- a rejected application is a *disqualified* candidate (``withdrew`` when the reason is the candidate's own);
- application events -> activities: ``applied`` (``sourced`` for prospects added by a member), ``moved`` (stage
  changes, and the move to ``Hired``), ``disqualified`` (rejections and withdrawals, reason in ``body``),
  ``reverted`` (an unrejection).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ats_pipeline.sandbox.emulators.workable import ids
from ats_pipeline.sandbox.emulators.workable.queries import Row

HIRED = "Hired"
STAGE_KINDS = {
    "applied": "applied",
    "screen": "phone-screen",
    "assessment": "assessment",
    "interview": "interview",
    "final": "interview",
    "offer": "offer",
}
KIND_ORDER = ("sourced", "applied", "phone-screen", "assessment", "interview", "offer", "hired")
# Where a candidate came from ("domain"); sources that are not web sites have none.
SOURCE_DOMAINS = {
    "LinkedIn Jobs": "linkedin.com",
    "LinkedIn Recruiter": "linkedin.com",
    "Indeed": "indeed.com",
    "Glassdoor": "glassdoor.com",
    "Wellfound": "wellfound.com",
    "GitHub": "github.com",
}
COUNTRY_CODES = {
    "United States": "US", "Canada": "CA", "Brazil": "BR", "United Kingdom": "GB", "Ireland": "IE",
    "Germany": "DE", "South Africa": "ZA", "India": "IN", "Singapore": "SG", "Australia": "AU",
}  # fmt: skip
MEMBER_ROLES = {
    "admin": ["admin"],
    "recruiter": ["simple"],
    "coordinator": ["simple"],
    "hiring_manager": ["simple"],
    "interviewer": ["reviewer"],
}


@dataclass(frozen=True)
class Account:
    subdomain: str
    name: str

    @property
    def origin(self) -> str:
        return f"https://{self.subdomain}.workable.com"


def ts(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _name(first: str | None, last: str | None) -> str | None:
    return " ".join(p for p in (first, last) if p) or None


def stage_kind(world_kind: str | None) -> str | None:
    return STAGE_KINDS.get(world_kind) if world_kind else None


# --- candidates ----------------------------------------------------------------------------------------------------


def candidate(row: Row, account: Account) -> dict[str, Any]:
    hired = row["status"] == "hired"
    disqualified = row["status"] == "rejected"
    cid = ids.CANDIDATES.encode(row["id"])
    job_code = ids.shortcode(row["job_id"])
    headline = row["title"] if not row["company"] or not row["title"] else f"{row['title']} at {row['company']}"
    return {
        "id": cid,
        "name": _name(row["first_name"], row["last_name"]),
        "firstname": row["first_name"],
        "lastname": row["last_name"],
        "headline": headline,
        "account": {"subdomain": account.subdomain, "name": account.name},
        "job": {"shortcode": job_code, "title": row["job_title"]},
        "stage": HIRED if hired else row["stage_name"],
        "stage_kind": "hired" if hired else stage_kind(row["stage_kind"]),
        "disqualified": disqualified,
        "withdrew": disqualified and row["reason_type"] == "they_withdrew",
        "disqualification_reason": row["reason_name"] if disqualified else None,
        "sourced": bool(row["is_prospect"]) or row["source_type"] == "sourced",
        "profile_url": f"{account.origin}/backend/jobs/{ids.JOBS.encode(row['job_id'])}/candidates/{cid}",
        "email": row["email"],
        "domain": SOURCE_DOMAINS.get(row["source_name"] or ""),
        "created_at": ts(row["created_at"]),
        "updated_at": ts(row["updated_at"]),
        "hired_at": ts(row["hired_at"]) if hired else None,
        "address": row["city"],
        "phone": row["phone"],
    }


def candidate_detail(row: Row, account: Account, educations: list[Row], employments: list[Row]) -> dict[str, Any]:
    """The list shape plus the profile (``GET /candidates/:id``)."""
    city = row["city"]
    return candidate(row, account) | {
        "image_url": None,
        "disqualified_at": ts(row["rejected_at"]) if row["status"] == "rejected" else None,
        "outbound_mailbox": None,
        "uploader_id": None,
        "cover_letter": None,
        "summary": None,
        "education_entries": [
            {
                "id": ids.EDUCATION.encode(e["id"]),
                "degree": e["degree"],
                "school": e["school_name"],
                "field_of_study": e["discipline"],
                "start_date": day(e["start_date"]),
                "end_date": day(e["end_date"]),
            }
            for e in educations
        ],
        "experience_entries": [
            {
                "id": ids.EXPERIENCE.encode(e["id"]),
                "title": e["title"],
                "summary": None,
                "start_date": day(e["start_date"]),
                "end_date": day(e["end_date"]),
                "company": e["company_name"],
                "industry": None,
                "current": e["end_date"] is None,
            }
            for e in employments
        ],
        "skills": [],
        "answers": [],
        "resume_url": None,
        "tags": [],
        "social_profiles": [],
        "location": None
        if city is None
        else {
            "location_str": city,
            "country": None,
            "country_code": None,
            "region": None,
            "region_code": None,
            "city": city,
            "zip_code": None,
        },
        "originating_candidate_id": None,
    }


# --- jobs ----------------------------------------------------------------------------------------------------------


def job(row: Row, account: Account, departments: dict[int, Row]) -> dict[str, Any]:
    code = ids.shortcode(row["id"])
    number = ids.JOBS.encode(row["id"])
    city, _, country = (row["office_location"] or "").partition(", ")
    hierarchy = []
    dept = departments.get(row["department_id"])
    while dept is not None:
        hierarchy.insert(0, {"id": ids.DEPARTMENTS_BASE + dept["id"], "name": dept["name"]})
        dept = departments.get(dept["parent_id"]) if dept["parent_id"] is not None else None
    return {
        "id": number,
        "title": row["title"],
        "full_title": f"{row['title']} - {row['requisition_id']}",
        "shortcode": code,
        "code": row["requisition_id"],
        "state": row["state"],
        "department": row["department"],
        "department_hierarchy": hierarchy,
        "url": f"{account.origin}/jobs/{number}",
        "application_url": f"{account.origin}/jobs/{number}/candidates/new",
        "shortlink": f"https://apply.workable.com/j/{code}",
        "location": {
            "location_str": row["office_location"] or row["office_name"],
            "country": country or None,
            "country_code": COUNTRY_CODES.get(country),
            "region": None,
            "region_code": None,
            "city": city or None,
            "zip_code": None,
            "telecommuting": (row["office_name"] or "").startswith("Remote"),
        },
        "created_at": ts(row["created_at"]),
    }


def account_stages(rows: list[Row]) -> list[dict[str, Any]]:
    ordered = sorted(
        rows, key=lambda r: (KIND_ORDER.index(stage_kind(r["kind"]) or "applied"), r["stage_order"], r["name"])
    )
    stages = [{"slug": ids.slug(r["name"]), "name": r["name"], "kind": stage_kind(r["kind"])} for r in ordered]
    stages.append({"slug": ids.slug(HIRED), "name": HIRED, "kind": "hired"})
    return [s | {"position": position} for position, s in enumerate(stages)]


def job_stages(rows: list[Row]) -> list[dict[str, Any]]:
    stages = [{"slug": ids.slug(r["name"]), "name": r["name"], "kind": stage_kind(r["kind"])} for r in rows]
    stages.append({"slug": ids.slug(HIRED), "name": HIRED, "kind": "hired"})
    return [s | {"position": position} for position, s in enumerate(stages)]


def member(row: Row) -> dict[str, Any]:
    return {
        "id": ids.MEMBERS.encode(row["id"]),
        "name": _name(row["first_name"], row["last_name"]),
        "headline": row["role"].replace("_", " ").title(),
        "email": row["email"],
        "roles": MEMBER_ROLES.get(row["role"], ["simple"]),
        "active": bool(row["is_active"]),
    }


def disqualification_reason(row: Row, position: int) -> dict[str, Any]:
    return {
        "id": ids.REASONS.encode(row["id"]),
        "description": row["name"],
        "candidate_withdrew": row["type"] == "they_withdrew",
        "position": position,
    }


# --- activities ----------------------------------------------------------------------------------------------------


def _stage(stage_id: int | None, name: str | None) -> dict[str, Any] | None:
    return None if stage_id is None else {"id": int(stage_id), "name": name}


def activity(row: Row, *, with_candidate: bool) -> dict[str, Any]:
    kind = row["kind"]
    from_stage = _stage(row["from_stage_id"], row["from_stage_name"])
    target = None
    stage_name = None
    body = None
    if kind == "applied":
        action = "sourced" if row["is_prospect"] and row["user_id"] is not None else "applied"
        from_stage = _stage(row["to_stage_id"], row["to_stage_name"])
    elif kind == "stage_change":
        action = "moved"
        target = _stage(row["to_stage_id"], row["to_stage_name"])
    elif kind == "hired":
        action = "moved"
        target = {"id": ids.hired_stage_id(row["job_id"]), "name": HIRED}
    elif kind in ("rejected", "withdrew"):
        action = "disqualified"
        body = row["reason_name"]
    else:  # unrejected
        action = "reverted"
    if action == "moved":
        stage_name = from_stage["name"] if from_stage else None
    member = None
    if row["user_id"] is not None:
        member = {
            "id": ids.MEMBERS.encode(row["user_id"]),
            "name": _name(row["member_first_name"], row["member_last_name"]),
        }
    rendered = {
        "id": ids.ACTIVITIES.encode(row["id"]),
        "action": action,
        "stage_name": stage_name,
        "action_stage": from_stage,
        "target_stage": target,
        "created_at": ts(row["occurred_at"]),
        "updated_at": ts(row["occurred_at"]),
        "member": member,
        "body": body,
        "rating": None,
        "visibility_roles": [],
    }
    if with_candidate:
        rendered["candidate"] = {
            "id": ids.CANDIDATES.encode(row["application_id"]),
            "name": _name(row["first_name"], row["last_name"]),
        }
    return rendered
