"""The Harvest v3 list resources: where each reads the world, which filters it takes, how it is rendered.

Deleted and merged-away records (``deleted_at`` set) are hidden everywhere: v3 has no tombstones. Nothing else is
hidden, so counts equal the world's visible rows table by table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ats_pipeline.sandbox.emulators.greenhouse import shapes as s
from ats_pipeline.sandbox.emulators.greenhouse import vocab
from ats_pipeline.sandbox.emulators.greenhouse.paging import ListSource, Row, SqlSource, fetch_dicts
from ats_pipeline.sandbox.emulators.greenhouse.params import FilterSpec
from ats_pipeline.sandbox.emulators.greenhouse.shapes import RenderContext


@dataclass(frozen=True)
class Resource:
    name: str
    source: SqlSource | ListSource
    render: Callable[[Row, RenderContext], dict[str, Any]]
    filters: FilterSpec = FilterSpec()


DATES = ("created_at", "updated_at")
NO_DATES: tuple[str, ...] = ()


def _in(column: str) -> str:
    return f"{column} in ({{ids}})"


# --- the catalogue -------------------------------------------------------------------------------------------------


def _build() -> dict[str, Resource]:
    candidate_child = {"candidate_ids": _in("t.candidate_id")}
    resources = [
        Resource("departments", SqlSource("departments", visible="true"), s.department),
        Resource("offices", SqlSource("offices", visible="true"), s.office),
        Resource("users", SqlSource("users", visible="true"), s.user),
        Resource(
            "referrers",
            SqlSource("users", visible="t.id in (select referrer_id from applications where referrer_id is not null)"),
            s.referrer,
        ),
        Resource("sources", SqlSource("sources", visible="true"), s.source),
        Resource("rejection_reasons", SqlSource("rejection_reasons", visible="true"), s.rejection_reason),
        Resource("close_reasons", ListSource(s.close_reasons), s.close_reason),
        Resource(
            "jobs",
            SqlSource("jobs", status=s.job_status),
            s.job,
            FilterSpec(status=True),
        ),
        Resource(
            "job_interview_stages",
            SqlSource("job_stages", visible="true", parents={"job_ids": _in("t.job_id")}),
            s.job_stage,
            FilterSpec(parents=("job_ids",)),
        ),
        Resource(
            "openings",
            SqlSource("openings", visible="true", parents={"job_ids": _in("t.job_id")}, enrich=s.enrich_openings),
            s.opening,
            FilterSpec(parents=("job_ids",)),
        ),
        Resource("candidates", SqlSource("candidates", enrich=s.enrich_candidates), s.candidate),
        Resource(
            "candidate_educations",
            SqlSource("candidate_educations", parents=candidate_child, enrich=s.latest_flags("candidate_educations")),
            s.education,
            FilterSpec(parents=("candidate_ids",)),
        ),
        Resource(
            "candidate_employments",
            SqlSource("candidate_employments", parents=candidate_child, enrich=s.latest_flags("candidate_employments")),
            s.employment,
            FilterSpec(parents=("candidate_ids",)),
        ),
        Resource(
            "custom_field_options",
            ListSource(
                s.custom_field_options,
                parents={"custom_field_ids": "custom_field_id"},
                flags=lambda f, r: "custom_field_key" not in f or r["custom_field_key"] == f["custom_field_key"],
            ),
            s.custom_field_option,
            FilterSpec(parents=("custom_field_ids",), flags=("custom_field_key",)),
        ),
        Resource(
            "attachments",
            SqlSource(
                "attachments",
                parents={"candidate_ids": _in("t.candidate_id"), "application_ids": _in("t.application_id")},
            ),
            s.attachment,
            FilterSpec(parents=("candidate_ids", "application_ids")),
        ),
        Resource(
            "applications",
            SqlSource(
                "applications",
                parents={"candidate_ids": _in("t.candidate_id"), "job_ids": _in("t.job_id")},
                status=s.application_status,
                enrich=s.enrich_applications,
            ),
            s.application,
            FilterSpec(parents=("candidate_ids", "job_ids"), status=True),
        ),
        Resource(
            "application_stages",
            SqlSource("application_stages", parents={"application_ids": _in("t.application_id")}),
            s.application_stage,
            FilterSpec(parents=("application_ids",)),
        ),
        Resource(
            "interviews",
            SqlSource(
                "interviews",
                parents={
                    "application_ids": _in("t.application_id"),
                    "job_ids": "t.application_id in (select id from applications where job_id in ({ids}))",
                },
                enrich=s.enrich_interviews,
            ),
            s.interview,
            FilterSpec(parents=("application_ids", "job_ids")),
        ),
        Resource(
            "job_interviews",
            ListSource(s.job_interviews, parents={"job_ids": "job_id"}),
            s.job_interview,
            FilterSpec(parents=("job_ids",)),
        ),
        Resource(
            "interviewers",
            SqlSource(
                "interview_interviewers",
                parents={"interview_ids": _in("t.interview_id"), "user_ids": _in("t.user_id")},
                enrich=s.enrich_interviewers,
            ),
            s.interviewer,
            FilterSpec(parents=("interview_ids", "user_ids")),
        ),
        Resource(
            "scorecards",
            SqlSource(
                "scorecards",
                parents={"application_ids": _in("t.application_id"), "interview_ids": _in("t.interview_id")},
            ),
            s.scorecard,
            FilterSpec(parents=("application_ids", "interview_ids")),
        ),
        Resource(
            "offers",
            SqlSource(
                "offers",
                parents={
                    "application_ids": _in("t.application_id"),
                    "candidate_ids": _in("t.candidate_id"),
                    "job_ids": _in("t.job_id"),
                },
                status=s.offer_status,
                flags=s.offer_flags,
            ),
            s.offer,
            FilterSpec(parents=("application_ids", "candidate_ids", "job_ids"), status=True, flags=("current_only",)),
        ),
        Resource(
            "eeoc",
            SqlSource(
                "(select application_id as id, * from demographics)",
                parents={"application_ids": _in("t.application_id"), "candidate_ids": _in("t.candidate_id")},
            ),
            s.eeoc,
            FilterSpec(date_columns=("submitted_at", *DATES), parents=("application_ids", "candidate_ids")),
        ),
        Resource("demographic_question_sets", ListSource(s.question_sets), s.question_set),
        Resource(
            "demographic_questions",
            ListSource(s.questions, parents={"demographic_question_set_ids": "demographic_question_set_id"}),
            s.question,
            FilterSpec(date_columns=NO_DATES, parents=("demographic_question_set_ids",)),
        ),
        Resource(
            "demographic_answer_options",
            ListSource(s.answer_options, parents={"demographic_question_ids": "demographic_question_id"}),
            s.answer_option,
            FilterSpec(date_columns=NO_DATES, parents=("demographic_question_ids",)),
        ),
        Resource(
            "demographic_answers",
            SqlSource(
                s.demographic_answers_relation,
                max_id_sql=f"select (max(application_id) + 1) * {vocab.ANSWER_ID_STRIDE} from demographics",
                window_scale=vocab.ANSWER_ID_STRIDE // 4,
                parents={
                    "application_ids": _in("t.application_id"),
                    "demographic_question_ids": _in("t.demographic_question_id"),
                },
            ),
            s.answer,
            FilterSpec(parents=("application_ids", "demographic_question_ids")),
        ),
    ]
    return {r.name: r for r in resources}


RESOURCES: dict[str, Resource] = _build()


def world_start(cur: Any) -> datetime:
    """When the world began (timestamps of the fixed vocabularies)."""
    rows = fetch_dicts(cur, "select value from world_meta where key = 'start'")
    if rows and rows[0]["value"]:
        return datetime.fromisoformat(rows[0]["value"]).replace(tzinfo=None)
    return datetime(2020, 1, 1)
