"""Formatting and the mapping of the world's enums onto Ashby's vocabularies (ats_apis.md §3.5)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ats_pipeline.sandbox.emulators.ashby.ids import uid

Row = dict[str, Any]


def ts(value: datetime | None) -> str | None:
    """ISO 8601 UTC with milliseconds and Z (world timestamps are naive UTC)."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def name_uid(*parts: object) -> str:
    """A stable UUID for things the world has no row for (interview definitions, stage groups, forms)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "ats-pipeline/ashby/" + "/".join(map(str, parts))))


def id_list(values: Iterable[int | None]) -> str:
    """Inline validated integer ids (no injection possible) as ``1,2,3``; ``NULL`` for none."""
    return ",".join(str(int(v)) for v in values if v is not None) or "NULL"


def fetch(cur: Any, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Row]:
    cur.execute(sql, dict(params) if isinstance(params, Mapping) else list(params))
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, values, strict=True)) for values in cur.fetchall()]


def by_id(cur: Any, table: str, ids: Iterable[int | None]) -> dict[int, Row]:
    return {r["id"]: r for r in fetch(cur, f"select * from {table} where id in ({id_list(set(ids))})")}


# --- vocabularies --------------------------------------------------------------------------------------------------

GLOBAL_ROLE = {
    "admin": "Organization Admin",
    "recruiter": "Elevated Access",
    "coordinator": "Elevated Access",
    "hiring_manager": "Limited Access",
    "interviewer": "Limited Access",
}
SOURCE_TYPE = {"applied": "Inbound", "referral": "Referral", "agency": "Agency", "sourced": "Outbound"}
REASON_TYPE = {"we_rejected": "RejectedByOrg", "they_withdrew": "RejectedByCandidate", "none_specified": "Other"}
JOB_STATUS = {"draft": "Draft", "open": "Open", "closed": "Closed"}
JOB_STATUSES = ("Draft", "Open", "Closed", "Archived")
APPLICATION_STATUSES = ("Active", "Hired", "Archived", "Lead")
SCHEDULE_STATUS = {
    "scheduled": "Scheduled",
    "awaiting_feedback": "WaitingOnFeedback",
    "complete": "Complete",
    "cancelled": "Cancelled",
}
# world offer status -> (offerStatus, acceptanceStatus). A renege (accepted, then backed out) is cancelled by the
# recruiter; a superseded latest version (the process ended otherwise) likewise.
OFFER_STATUS = {
    "created": ("WaitingOnOfferApproval", "Created"),
    "sent": ("WaitingOnCandidateResponse", "WaitingOnResponse"),
    "accepted": ("CandidateAccepted", "Accepted"),
    "declined": ("CandidateRejected", "Declined"),
    "reneged": ("OfferCancelled", "Cancelled"),
    "deprecated": ("OfferCancelled", "Cancelled"),
}
RECOMMENDATION = {"strong_no": 1, "no": 2, "yes": 3, "strong_yes": 4}
RECOMMENDATION_LABELS = (("1", "Strong No"), ("2", "No"), ("3", "Yes"), ("4", "Strong Yes"))


def application_status(row: Row) -> str:
    if row["status"] == "hired":
        return "Hired"
    if row["status"] == "rejected":
        return "Archived"
    return "Lead" if row["is_prospect"] else "Active"


def application_status_sql(status: str) -> str:
    """SQL over alias t selecting applications of one Ashby status (validated by the caller)."""
    return {
        "Hired": "t.status = 'hired'",
        "Archived": "t.status = 'rejected'",
        "Lead": "t.status = 'active' and t.is_prospect",
        "Active": "t.status = 'active' and not t.is_prospect",
    }[status]


def stage_type(stage: Row) -> str:
    """Ashby stage types from what a plan shows (never from the world's ground-truth ``kind``)."""
    if stage["name"] == "Offer":
        return "Offer"
    return "PreInterviewScreen" if stage["stage_order"] == 1 else "Active"


FEEDBACK_FORM_ID = name_uid("feedback_form", "scorecard")
FEEDBACK_FORM = {
    "sections": [
        {
            "title": "Overall",
            "fields": [
                {
                    "isRequired": True,
                    "field": {
                        "id": name_uid("feedback_field", "overall_recommendation"),
                        "type": "Score",
                        "path": "overall_recommendation",
                        "title": "Overall Recommendation",
                        "humanReadablePath": "Overall Recommendation",
                        "isNullable": False,
                        "selectableValues": [
                            {"label": label, "value": value} for value, label in RECOMMENDATION_LABELS
                        ],
                    },
                }
            ],
        }
    ]
}


def user_ref(row: Row | None) -> dict[str, Any] | None:
    """The user object embedded in other records (and listed by user.list)."""
    if row is None:
        return None
    return {
        "id": uid("user", row["id"]),
        "firstName": row["first_name"],
        "lastName": row["last_name"],
        "email": row["email"],
        "globalRole": GLOBAL_ROLE.get(row["role"], "Limited Access"),
        "isEnabled": bool(row["is_active"]),
        "updatedAt": ts(row["updated_at"]),
    }
