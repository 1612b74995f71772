"""Ashby records rendered from world rows, one page at a time (each renderer does its page's batch lookups).

Every documented key is present (null or ``[]`` when the world has no value). Deleted and merged-away rows never
reach a renderer: the list queries hide them (Ashby's list endpoints have no tombstones).
"""

from __future__ import annotations

from typing import Any

from ats_pipeline.sandbox.emulators.ashby.ids import uid
from ats_pipeline.sandbox.emulators.ashby.vocab import (
    FEEDBACK_FORM,
    FEEDBACK_FORM_ID,
    JOB_STATUS,
    OFFER_STATUS,
    REASON_TYPE,
    RECOMMENDATION,
    SCHEDULE_STATUS,
    SOURCE_TYPE,
    Row,
    application_status,
    by_id,
    day,
    fetch,
    id_list,
    name_uid,
    stage_type,
    ts,
    user_ref,
)

Record = dict[str, Any]


def _stamps(row: Row) -> Record:
    return {"createdAt": ts(row["created_at"]), "updatedAt": ts(row["updated_at"])}


# --- organisation and reference lists ------------------------------------------------------------------------------


def departments(cur: Any, rows: list[Row]) -> list[Record]:
    return [
        {
            "id": uid("department", r["id"]),
            "name": r["name"],
            "externalName": None,
            "isArchived": False,
            "parentId": uid("department", r["parent_id"]),
            **_stamps(r),
        }
        for r in rows
    ]


def locations(cur: Any, rows: list[Row]) -> list[Record]:
    out = []
    for r in rows:
        city, _, country = (r["location"] or "").partition(", ")
        out.append(
            {
                "id": uid("location", r["id"]),
                "name": r["name"],
                "externalName": None,
                "isArchived": False,
                "isRemote": False,
                "address": {
                    "postalAddress": {
                        "addressCountry": country or None,
                        "addressRegion": None,
                        "addressLocality": city or None,
                    }
                },
                "parentLocationId": uid("location", r["parent_id"]),
                "timezone": r["timezone"],
            }
        )
    return out


def source_ref(row: Row | None) -> Record | None:
    if row is None:
        return None
    kind = SOURCE_TYPE.get(row["type"], "Other")
    return {
        "id": uid("source", row["id"]),
        "title": row["name"],
        "isArchived": False,
        "sourceType": {"id": name_uid("source_type", kind), "title": kind, "isArchived": False},
    }


def sources(cur: Any, rows: list[Row]) -> list[Record]:
    return [source_ref(r) for r in rows]  # type: ignore[misc]


def archive_reason_ref(row: Row | None) -> Record | None:
    if row is None:
        return None
    return {
        "id": uid("archive_reason", row["id"]),
        "text": row["name"],
        "reasonType": REASON_TYPE.get(row["type"], "Other"),
        "isArchived": False,
        "customFields": [],
    }


def archive_reasons(cur: Any, rows: list[Row]) -> list[Record]:
    return [archive_reason_ref(r) for r in rows]  # type: ignore[misc]


def users(cur: Any, rows: list[Row]) -> list[Record]:
    return [user_ref(r) | {"managerId": None, "customFields": []} for r in rows]  # type: ignore[operator]


# --- jobs, plans, stages -------------------------------------------------------------------------------------------


def _hiring_team(job: Row | None, people: dict[int, Row]) -> list[Record]:
    if job is None:
        return []
    team = []
    for column, role in (("recruiter_id", "Recruiter"), ("coordinator_id", "Coordinator"),
                         ("hiring_manager_id", "Hiring Manager")):  # fmt: skip
        person = people.get(job[column])
        if person is not None:
            team.append(
                {
                    "email": person["email"],
                    "firstName": person["first_name"],
                    "lastName": person["last_name"],
                    "role": role,
                    "userId": uid("user", person["id"]),
                }
            )
    return team


def jobs(cur: Any, rows: list[Row]) -> list[Record]:
    people = by_id(cur, "users", (r[c] for r in rows for c in ("recruiter_id", "coordinator_id", "hiring_manager_id")))
    out = []
    for r in rows:
        plan = uid("interview_plan", r["id"])
        out.append(
            {
                "id": uid("job", r["id"]),
                "title": r["title"],
                "confidential": bool(r["confidential"]),
                "status": JOB_STATUS.get(r["status"], "Open"),
                "employmentType": "FullTime",
                "locationId": uid("location", r["office_id"]),
                "departmentId": uid("department", r["department_id"]),
                "defaultInterviewPlanId": plan,
                "interviewPlanIds": [plan],
                "customFields": [],
                "jobPostingIds": [],
                "customRequisitionId": r["requisition_id"],
                "brandId": None,
                "hiringTeam": _hiring_team(r, people),
                "author": None,
                **_stamps(r),
                "openedAt": ts(r["opened_at"]),
                "closedAt": ts(r["closed_at"]),
            }
        )
    return out


def interview_plans(cur: Any, rows: list[Row]) -> list[Record]:
    return [
        {"id": uid("interview_plan", r["id"]), "title": r["title"], "isArchived": False, **_stamps(r)} for r in rows
    ]


def stage_ref(row: Row | None) -> Record | None:
    if row is None:
        return None
    kind = stage_type(row)
    return {
        "id": uid("interview_stage", row["id"]),
        "title": row["name"],
        "type": kind,
        "orderInInterviewPlan": row["stage_order"],
        "interviewStageGroupId": name_uid("stage_group", kind),
        "interviewPlanId": uid("interview_plan", row["job_id"]),
    }


def interview_stages(cur: Any, rows: list[Row]) -> list[Record]:
    return [stage_ref(r) for r in rows]  # type: ignore[misc]


# --- candidates ----------------------------------------------------------------------------------------------------


def _contact(value: str | None, kind: str) -> Record | None:
    return {"value": value, "type": kind, "isPrimary": True} if value else None


def _name(row: Row) -> str | None:
    parts = [p for p in (row.get("first_name"), row.get("last_name")) if p]
    return " ".join(parts) or None  # anonymized: PII nulled in the world


def _file(row: Row) -> Record:
    return {"id": uid("file", row["id"]), "name": row["filename"], "handle": name_uid("file_handle", row["id"])}


def candidates(cur: Any, rows: list[Row]) -> list[Record]:
    ids = id_list(r["id"] for r in rows)
    apps = fetch(
        cur,
        "select id, candidate_id, source_id, recruiter_id from applications "
        f"where deleted_at is null and candidate_id in ({ids}) order by id",
    )
    files = fetch(
        cur,
        "select id, candidate_id, filename, type from attachments "
        f"where deleted_at is null and candidate_id in ({ids}) order by id",
    )
    schools = dict(
        cur.execute(
            "select candidate_id, school_name from (select candidate_id, school_name, row_number() over "
            "(partition by candidate_id order by end_date desc nulls first, id desc) as n from candidate_educations "
            f"where deleted_at is null and candidate_id in ({ids})) where n = 1"
        ).fetchall()
    )
    first_app: dict[int, Row] = {}
    app_ids: dict[int, list[str]] = {}
    for a in apps:
        first_app.setdefault(a["candidate_id"], a)
        app_ids.setdefault(a["candidate_id"], []).append(uid("application", a["id"]))  # type: ignore[arg-type]
    source_rows = by_id(cur, "sources", (a["source_id"] for a in first_app.values()))
    people = by_id(cur, "users", (a["recruiter_id"] for a in first_app.values()))
    out = []
    for r in rows:
        own = [f for f in files if f["candidate_id"] == r["id"]]
        resumes = [f for f in own if f["type"] == "resume"]
        first = first_app.get(r["id"])
        email, phone = _contact(r["email"], "Personal"), _contact(r["phone"], "Mobile")
        out.append(
            {
                "id": uid("candidate", r["id"]),
                **_stamps(r),
                "name": _name(r),
                "primaryEmailAddress": email,
                "emailAddresses": [email] if email else [],
                "primaryPhoneNumber": phone,
                "phoneNumbers": [phone] if phone else [],
                "socialLinks": [],
                "tags": [],
                "position": r["title"],
                "company": r["company"],
                "school": schools.get(r["id"]) if r["anonymized_at"] is None else None,
                "applicationIds": app_ids.get(r["id"], []),
                "resumeFileHandle": _file(resumes[-1]) if resumes else None,
                "fileHandles": [_file(f) for f in own],
                "customFields": [],
                "profileUrl": f"https://app.ashbyhq.com/candidates/{uid('candidate', r['id'])}",
                "source": source_ref(source_rows.get(first["source_id"])) if first else None,
                "creditedToUser": user_ref(people.get(first["recruiter_id"])) if first else None,
                "timezone": None,
                "location": (
                    {
                        "id": name_uid("candidate_location", r["city"]),
                        "locationSummary": r["city"],
                        "locationComponents": [{"type": "City", "name": r["city"]}],
                    }
                    if r["city"]
                    else None
                ),
                "fraudStatus": None,
            }
        )
    return out


# --- applications and their history --------------------------------------------------------------------------------


def applications(cur: Any, rows: list[Row]) -> list[Record]:
    people_ids = [r[c] for r in rows for c in ("recruiter_id",)]
    candidate_rows = by_id(cur, "candidates", (r["candidate_id"] for r in rows))
    stage_rows = by_id(cur, "job_stages", (r["current_stage_id"] for r in rows))
    job_rows = by_id(cur, "jobs", (r["job_id"] for r in rows))
    people_ids += [j[c] for j in job_rows.values() for c in ("recruiter_id", "coordinator_id", "hiring_manager_id")]
    people = by_id(cur, "users", people_ids)
    source_rows = by_id(cur, "sources", (r["source_id"] for r in rows))
    reasons = by_id(cur, "rejection_reasons", (r["rejection_reason_id"] for r in rows))
    out = []
    for r in rows:
        person = candidate_rows.get(r["candidate_id"], {})
        job = job_rows.get(r["job_id"])
        out.append(
            {
                "id": uid("application", r["id"]),
                **_stamps(r),
                "status": application_status(r),
                "customFields": [],
                "candidate": {
                    "id": uid("candidate", r["candidate_id"]),
                    "name": _name(person),
                    "primaryEmailAddress": _contact(person.get("email"), "Personal"),
                    "primaryPhoneNumber": _contact(person.get("phone"), "Mobile"),
                },
                "currentInterviewStage": stage_ref(stage_rows.get(r["current_stage_id"])),
                "source": source_ref(source_rows.get(r["source_id"])),
                "archiveReason": archive_reason_ref(reasons.get(r["rejection_reason_id"])),
                "archivedAt": ts(r["rejected_at"]),
                "job": (
                    {
                        "id": uid("job", job["id"]),
                        "title": job["title"],
                        "locationId": uid("location", job["office_id"]),
                        "departmentId": uid("department", job["department_id"]),
                    }
                    if job
                    else None
                ),
                "creditedToUser": user_ref(people.get(r["recruiter_id"])),
                "hiringTeam": _hiring_team(job, people),
                "appliedViaJobPostingId": None,
                "submitterClientIp": None,
                "submitterUserAgent": None,
            }
        )
    return out


HISTORY_SQL = (
    "select *, row_number() over (order by entered_at, id) - 1 as stage_number from application_stages "
    "where application_id = ? and deleted_at is null order by entered_at, id"
)


def history(cur: Any, rows: list[Row]) -> list[Record]:
    """Stage visits of one application (rows of ``HISTORY_SQL``), in the order entered; ``stageNumber`` 0 is the
    first. Called once per application, so only simple indexed lookups: no joins."""
    names = dict(
        cur.execute(
            f"select id, name from job_stages where id in ({id_list({r['job_stage_id'] for r in rows})})"
        ).fetchall()
    )
    actors = {
        (s, t): u
        for s, t, u in cur.execute(
            "select to_stage_id, occurred_at, user_id from application_events "
            "where application_id = ? and to_stage_id is not null",
            [rows[0]["application_id"]],
        ).fetchall()
    }
    return [
        {
            "id": uid("application_history", r["id"]),
            "stageId": uid("interview_stage", r["job_stage_id"]),
            "title": names.get(r["job_stage_id"]),
            "enteredStageAt": ts(r["entered_at"]),
            "leftStageAt": ts(r["exited_at"]),
            "stageNumber": r["stage_number"],
            "allowedActions": ["none"],
            "actorId": uid("user", actors.get((r["job_stage_id"], r["entered_at"]))),
        }
        for r in rows
    ]


# --- interviews, feedback, offers ----------------------------------------------------------------------------------


def _interview_definition(row: Row) -> str:
    return name_uid("interview", row["job_stage_id"], row["name"])


def feedback(cur: Any, rows: list[Row]) -> list[Record]:
    interviews = by_id(cur, "interviews", (r["interview_id"] for r in rows))
    people = by_id(cur, "users", (r["interviewer_id"] for r in rows))
    # The stage visit the interview belongs to: the latest visit of its stage that began before it.
    visits = dict(
        cur.execute(
            "select s.id, v.id from scorecards s join interviews i on i.id = s.interview_id "
            "join application_stages v on v.application_id = s.application_id and v.job_stage_id = i.job_stage_id "
            f"and v.entered_at <= s.interviewed_at where s.id in ({id_list(r['id'] for r in rows)}) "
            "qualify row_number() over (partition by s.id order by v.entered_at desc, v.id desc) = 1"
        ).fetchall()
    )
    out = []
    for r in rows:
        interview = interviews.get(r["interview_id"])
        out.append(
            {
                "id": uid("feedback", r["id"]),
                "applicationId": uid("application", r["application_id"]),
                "applicationHistoryId": uid("application_history", visits.get(r["id"])),
                "feedbackFormDefinitionId": FEEDBACK_FORM_ID,
                "interviewId": _interview_definition(interview) if interview else None,
                "interviewEventId": uid("interview_event", r["interview_id"]),
                "submittedAt": ts(r["submitted_at"]),
                "submittedByUser": user_ref(people.get(r["interviewer_id"])),
                "formDefinition": FEEDBACK_FORM,
                "submittedValues": {"overall_recommendation": RECOMMENDATION.get(r["recommendation"])},
            }
        )
    return out


def schedules(cur: Any, rows: list[Row]) -> list[Record]:
    ids = id_list(r["id"] for r in rows)
    seats = fetch(
        cur,
        f"select interview_id, user_id from interview_interviewers where deleted_at is null and interview_id in ({ids}) "
        "order by id",
    )
    submitted = {
        i for (i,) in cur.execute(
            "select distinct interview_id from scorecards "
            f"where deleted_at is null and submitted_at is not null and interview_id in ({ids})"
        ).fetchall()
    }  # fmt: skip
    people = by_id(cur, "users", [s["user_id"] for s in seats] + [r["organizer_id"] for r in rows])
    out = []
    for r in rows:
        schedule = uid("interview_schedule", r["id"])
        panel = [people[s["user_id"]] for s in seats if s["interview_id"] == r["id"] and s["user_id"] in people]
        event = {
            "id": uid("interview_event", r["id"]),
            "interviewId": _interview_definition(r),
            "interviewScheduleId": schedule,
            "interviewerUserIds": [uid("user", p["id"]) for p in panel],
            "interviewers": [
                user_ref(p) | {"trainingRole": None, "interviewerPool": None, "isFeedbackRequired": True}  # type: ignore[operator]
                for p in panel
            ],
            **_stamps(r),
            "startTime": ts(r["starts_at"]),
            "endTime": ts(r["ends_at"]),
            "feedbackLink": f"https://app.ashbyhq.com/interview-briefing/{uid('interview_event', r['id'])}/feedback",
            "location": r["location"],
            "meetingLink": None,
            "interviewerCalendarEventId": None,
            "hasSubmittedFeedback": r["id"] in submitted,
        }
        out.append(
            {
                "id": schedule,
                "status": SCHEDULE_STATUS.get(r["status"], "Unknown"),
                "applicationId": uid("application", r["application_id"]),
                "interviewStageId": uid("interview_stage", r["job_stage_id"]),
                "scheduledBy": user_ref(people.get(r["organizer_id"])),
                **_stamps(r),
                "interviewEvents": [event],
            }
        )
    return out


def offers(cur: Any, rows: list[Row]) -> list[Record]:
    """One Ashby offer per application (its offer process); ``latestVersion`` is the world's newest version."""
    out = []
    for r in rows:
        offer_status, acceptance = OFFER_STATUS.get(r["status"], ("OfferCancelled", "Cancelled"))
        decided = r["resolved_at"] if r["status"] in ("accepted", "declined", "reneged") else None
        out.append(
            {
                "id": uid("offer", r["id"]),
                "decidedAt": ts(decided),
                "applicationId": uid("application", r["id"]),
                "acceptanceStatus": acceptance,
                "offerStatus": offer_status,
                "latestVersion": {
                    "id": uid("offer_version", r["version_id"]),
                    "startDate": day(r["start_date"]),
                    "salary": {"currencyCode": r["currency"], "value": r["salary"]},
                    "createdAt": ts(r["version_created_at"]),
                    "openingId": uid("opening", r["opening_id"]),
                    "customFields": [],
                    "fileHandles": [],
                    "author": None,
                    "approvalStatus": "Pending" if r["status"] == "created" else "Approved",
                },
            }
        )
    return out
