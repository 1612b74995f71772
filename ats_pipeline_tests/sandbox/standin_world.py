"""A tiny, hand-made world over ``schema.DDL`` for emulator tests that need exact edge cases.

It covers what a generated world may or may not contain on a given seed: deleted and merged candidates, an
anonymized candidate, a deleted job, cancelled interviews, drafts, every offer status, multi-race / declined /
unsubmitted self-ID. ``bulk`` adds plain applications so paging has something to page through.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from ats_pipeline.sandbox.world.schema import DDL

START = datetime(2025, 1, 1, 9, 0, 0)
NOW = datetime(2025, 6, 1, 12, 0, 0, 123456)


class StandInWorld:
    def __init__(self, bulk: int = 0) -> None:
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self.now = NOW
        for statement in DDL:
            self._con.execute(statement)
        self._insert_fixed()
        self._insert_bulk(bulk)

    def cursor(self) -> Any:
        with self._lock:
            return self._con.cursor()

    def close(self) -> None:
        self._con.close()

    def _rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            cols = ", ".join(row)
            marks = ", ".join("?" * len(row))
            self._con.execute(f"insert into {table} ({cols}) values ({marks})", list(row.values()))

    def _insert_fixed(self) -> None:
        t = START
        stamp = {"created_at": t, "updated_at": t}
        self._con.execute(
            "insert into world_meta values ('start', ?), ('now', ?)", [START.isoformat(), NOW.isoformat()]
        )
        self._rows(
            "departments",
            [
                {"id": 1, "name": "Engineering", "parent_id": None, "external_id": "ENG", **stamp},
                {"id": 2, "name": "Data", "parent_id": 1, "external_id": None, **stamp},
            ],
        )
        self._rows(
            "offices",
            [
                {"id": 1, "name": "London", "location": "London, UK", "timezone": "Europe/London", **stamp},
                {"id": 2, "name": "New York", "location": "New York, US", "timezone": "America/New_York", **stamp},
            ],
        )
        users = [
            (1, "Greg", "Jones", "recruiter", True),
            (2, "Kate", "Smith", "interviewer", True),
            (3, "Ann", "Lee", "hiring_manager", True),
            (4, "Old", "Admin", "admin", False),
        ]
        self._rows(
            "users",
            [
                {
                    "id": i,
                    "first_name": f,
                    "last_name": last,
                    "email": f"{f.lower()}@example.com",
                    "role": role,
                    "is_active": active,
                    "department_id": 1,
                    "office_id": 1 if i % 2 else None,
                    "employee_id": f"E-{i}",
                    **stamp,
                }
                for i, f, last, role, active in users
            ],
        )
        self._rows(
            "sources",
            [
                {"id": 1, "name": "LinkedIn", "type": "applied", **stamp},
                {"id": 2, "name": "Employee Referral", "type": "referral", **stamp},
                {"id": 3, "name": "Acme Agency", "type": "agency", **stamp},
                {"id": 4, "name": "LinkedIn (Prospecting)", "type": "sourced", **stamp},
                {"id": 5, "name": "Company Website", "type": "applied", **stamp},
            ],
        )
        self._rows(
            "rejection_reasons",
            [
                {"id": 1, "name": "Lacking skill(s)", "type": "we_rejected", **stamp},
                {"id": 2, "name": "Took another offer", "type": "they_withdrew", **stamp},
                {"id": 3, "name": "Other", "type": "none_specified", **stamp},
            ],
        )
        jobs = [(1, "Data Engineer", "open", None), (2, "Analyst", "closed", None), (3, "Gone", "open", t)]
        self._rows(
            "jobs",
            [
                {
                    "id": i,
                    "title": title,
                    "status": status,
                    "department_id": 2,
                    "office_id": 1,
                    "recruiter_id": 1,
                    "coordinator_id": None,
                    "hiring_manager_id": 3,
                    "confidential": False,
                    "requisition_id": f"REQ-{i}",
                    "opened_at": t,
                    "closed_at": t + timedelta(days=90) if status == "closed" else None,
                    "created_at": t,
                    "updated_at": t + timedelta(days=i),
                    "deleted_at": deleted,
                }
                for i, title, status, deleted in jobs
            ],
        )
        self._rows(
            "openings",
            [
                {"id": 1, "job_id": 1, "opening_code": "REQ-1-1", "status": "open", "opened_at": t, **stamp},
                {
                    "id": 2,
                    "job_id": 2,
                    "opening_code": "REQ-2-1",
                    "status": "closed",
                    "opened_at": t,
                    "closed_at": t + timedelta(days=80),
                    "close_reason": "hired",
                    "application_id": 3,
                    "target_start_date": date(2025, 5, 1),
                    **stamp,
                },
                {"id": 3, "job_id": 3, "opening_code": "REQ-3-1", "status": "open", "opened_at": t, **stamp},
            ],
        )
        names = ["Application Review", "Recruiter Screen", "Onsite", "Offer"]
        kinds = ["applied", "screen", "interview", "offer"]
        self._rows(
            "job_stages",
            [
                {
                    "id": (job - 1) * 4 + n + 1,
                    "job_id": job,
                    "name": names[n],
                    "stage_order": n + 1,
                    "kind": kinds[n],
                    **stamp,
                }
                for job in (1, 2, 3)
                for n in range(4)
            ],
        )
        later = t + timedelta(days=10)
        cands = [
            # id, first, email, deleted_at, merged_into, anonymized_at
            (1, "Ada", "ada@example.com", None, None, None),
            (2, "Bob", "bob@example.com", None, None, None),
            (3, "Cy", "cy@example.com", None, None, None),
            (4, "Dup", "ada@example.com", later, 1, None),
            (5, None, None, None, None, later),
            (6, "Del", "del@example.com", later, None, None),
        ]
        self._rows(
            "candidates",
            [
                {
                    "id": i,
                    "first_name": first,
                    "last_name": "Lovelace" if first else None,
                    "email": email,
                    "phone": "+44 20 7946 0000" if first else None,
                    "company": "Analytical Engines" if first else None,
                    "title": "Engineer" if first else None,
                    "city": "London" if first else None,
                    "created_at": t + timedelta(hours=i),
                    "updated_at": t + timedelta(days=i, milliseconds=i * 111),
                    "deleted_at": deleted,
                    "merged_into_id": merged,
                    "anonymized_at": anon,
                }
                for i, first, email, deleted, merged, anon in cands
            ],
        )
        self._rows(
            "candidate_educations",
            [
                {
                    "id": 1,
                    "candidate_id": 1,
                    "school_name": "Cambridge",
                    "degree": "Bachelor's",
                    "discipline": "Mathematics",
                    "start_date": date(2010, 9, 1),
                    "end_date": date(2013, 6, 30),
                    **stamp,
                },
                {
                    "id": 2,
                    "candidate_id": 1,
                    "school_name": "Oxford",
                    "degree": "Master's",
                    "discipline": None,
                    "start_date": date(2013, 9, 1),
                    "end_date": date(2014, 6, 30),
                    **stamp,
                },
                {"id": 3, "candidate_id": 6, "school_name": "Gone U", **stamp, "deleted_at": later},
            ],
        )
        self._rows(
            "candidate_employments",
            [
                {"id": 1, "candidate_id": 1, "company_name": "Babbage", "title": "Analyst",
                 "start_date": date(2014, 7, 1), "end_date": date(2018, 1, 1), **stamp},
                {"id": 2, "candidate_id": 1, "company_name": "Analytical Engines", "title": "Engineer",
                 "start_date": date(2018, 1, 2), "end_date": None, **stamp},
            ],
        )  # fmt: skip
        self._rows(
            "attachments",
            [
                {"id": 1, "candidate_id": 1, "application_id": 1, "filename": "ada_resume.pdf", "type": "resume", **stamp},
                {"id": 2, "candidate_id": 2, "application_id": 2, "filename": "bob.txt", "type": "cover_letter",
                 **stamp},
                {"id": 3, "candidate_id": 6, "application_id": 6, "filename": "del.pdf", "type": "resume", **stamp,
                 "deleted_at": later},
            ],
        )  # fmt: skip
        apps = [
            # id, cand, job, status, stage, rejected_at, reason, hired_at, deleted, prospect, source, referrer
            (1, 1, 1, "active", 2, None, None, None, None, False, 1, None),
            (2, 2, 1, "rejected", 3, t + timedelta(days=20), 1, None, None, False, 2, 2),
            (3, 3, 2, "hired", 8, None, None, t + timedelta(days=60), None, False, 3, None),
            (4, 1, None, "active", None, None, None, None, None, True, 4, None),
            (5, 5, 1, "rejected", 1, t + timedelta(days=5), 2, None, None, False, 1, None),
            (6, 6, 1, "active", 1, None, None, None, later, False, 1, None),
            (7, 2, 2, "rejected", 8, t + timedelta(days=70), 2, None, None, False, 5, None),
        ]
        self._rows(
            "applications",
            [
                {
                    "id": i,
                    "candidate_id": cand,
                    "job_id": job,
                    "is_prospect": prospect,
                    "source_id": source,
                    "referrer_id": referrer,
                    "recruiter_id": 1,
                    "coordinator_id": None,
                    "status": status,
                    "current_stage_id": stage,
                    "applied_at": t + timedelta(days=i),
                    "rejected_at": rejected,
                    "rejection_reason_id": reason,
                    "hired_at": hired,
                    "last_activity_at": t + timedelta(days=i + 3),
                    "created_at": t + timedelta(days=i),
                    "updated_at": t + timedelta(days=i + 3, milliseconds=500),
                    "deleted_at": deleted,
                }
                for i, cand, job, status, stage, rejected, reason, hired, deleted, prospect, source, referrer in apps
            ],
        )
        visits = [
            (1, 1, 1, t + timedelta(days=1), t + timedelta(days=4)),
            (2, 1, 2, t + timedelta(days=4), None),
            (3, 2, 1, t + timedelta(days=2), t + timedelta(days=9)),
            (4, 2, 3, t + timedelta(days=9), None),
            (5, 3, 5, t + timedelta(days=3), t + timedelta(days=30)),
            (6, 3, 8, t + timedelta(days=30), None),
            (7, 6, 1, t + timedelta(days=6), None),
        ]
        self._rows(
            "application_stages",
            [
                {
                    "id": i,
                    "application_id": app,
                    "job_stage_id": stage,
                    "entered_at": entered,
                    "exited_at": exited,
                    "created_at": entered,
                    "updated_at": exited or entered,
                    "deleted_at": later if app == 6 else None,
                }
                for i, app, stage, entered, exited in visits
            ],
        )
        interviews = [
            (1, 1, 2, "Recruiter Call", "complete"),
            (2, 2, 3, "Technical Interview", "complete"),
            (3, 2, 3, "Culture Interview", "cancelled"),
            (4, 3, 7, "Technical Interview", "awaiting_feedback"),
            (5, 1, 3, "Technical Interview", "scheduled"),
        ]
        self._rows(
            "interviews",
            [
                {
                    "id": i,
                    "application_id": app,
                    "job_stage_id": stage,
                    "name": name,
                    "status": status,
                    "starts_at": t + timedelta(days=i * 3, hours=5),
                    "ends_at": t + timedelta(days=i * 3, hours=6),
                    "organizer_id": 1,
                    "location": "Zoom",
                    **stamp,
                }
                for i, app, stage, name, status in interviews
            ],
        )
        self._rows(
            "interview_interviewers",
            [
                {"id": 1, "interview_id": 1, "user_id": 1, "response_status": "accepted", **stamp},
                {"id": 2, "interview_id": 2, "user_id": 2, "response_status": "accepted", **stamp},
                {"id": 3, "interview_id": 2, "user_id": 3, "response_status": "tentative", **stamp},
                {"id": 4, "interview_id": 3, "user_id": 2, "response_status": "declined", **stamp},
                {"id": 5, "interview_id": 4, "user_id": 2, "response_status": "needs_action", **stamp},
            ],
        )
        self._rows(
            "scorecards",
            [
                {"id": 1, "application_id": 1, "interview_id": 1, "interviewer_id": 1, "recommendation": "yes",
                 "interviewed_at": t + timedelta(days=3), "submitted_at": t + timedelta(days=3, hours=2), **stamp},
                {"id": 2, "application_id": 2, "interview_id": 2, "interviewer_id": 2, "recommendation": "strong_no",
                 "interviewed_at": t + timedelta(days=6), "submitted_at": t + timedelta(days=6, hours=1), **stamp},
                {"id": 3, "application_id": 2, "interview_id": 2, "interviewer_id": 3, "recommendation": "no",
                 "interviewed_at": t + timedelta(days=6), "submitted_at": None, **stamp},
            ],
        )  # fmt: skip
        offers = [
            (1, 3, 3, 2, 1, "deprecated"),
            (2, 3, 3, 2, 2, "accepted"),
            (3, 7, 2, 2, 1, "reneged"),
            (4, 1, 1, 1, 1, "sent"),
            (5, 2, 2, 1, 1, "declined"),
        ]
        self._rows(
            "offers",
            [
                {
                    "id": i,
                    "application_id": app,
                    "candidate_id": cand,
                    "job_id": job,
                    "opening_id": 2 if job == 2 else 1,
                    "version": version,
                    "status": status,
                    "salary": 100000 + i,
                    "currency": "USD",
                    "sent_at": t + timedelta(days=50 + i) if status != "created" else None,
                    "resolved_at": t + timedelta(days=55 + i) if status not in ("created", "sent") else None,
                    "start_date": date(2025, 7, 1),
                    **stamp,
                }
                for i, app, cand, job, version, status in offers
            ],
        )
        demo = [
            # app, cand, gender, races, veteran, disability, submitted
            (1, 1, "female", ["asian", "white"], "not_veteran", "no", t + timedelta(days=1)),
            (2, 2, "male", ["declined"], "declined", "declined", t + timedelta(days=2)),
            (3, 3, "non_binary", ["black"], "protected_veteran", "yes", t + timedelta(days=3)),
            (5, 5, None, None, None, None, None),
            (6, 6, "male", ["white"], "not_veteran", "no", t + timedelta(days=6)),
        ]
        self._rows(
            "demographics",
            [
                {
                    "application_id": app,
                    "candidate_id": cand,
                    "gender": gender,
                    "races": races,
                    "veteran_status": veteran,
                    "disability_status": disability,
                    "submitted_at": submitted,
                    "created_at": t + timedelta(days=app),
                    "updated_at": t + timedelta(days=app),
                    "deleted_at": later if app == 6 else None,
                }
                for app, cand, gender, races, veteran, disability, submitted in demo
            ],
        )

    def _insert_bulk(self, count: int) -> None:
        if count <= 0:
            return
        # Plain, visible applications with ids after the hand-made ones, spread over time.
        self._con.execute(
            """
            insert into applications
            select 100 + i, 1 + (i % 3), 1, false, 1, null, 1, null, 'active', 1,
                   ?::timestamp + i * interval 1 hour, null, null, null,
                   ?::timestamp + i * interval 1 hour, ?::timestamp + i * interval 1 hour,
                   ?::timestamp + i * interval 1 hour + interval 7 millisecond, null
            from range(?) r(i)
            """,
            [START, START, START, START, count],
        )
