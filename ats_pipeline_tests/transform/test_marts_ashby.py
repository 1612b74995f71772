"""Ashby-specific points of the unified model, on the shared all-vendor build (conftest.py: no build of its own).

Ashby ids are UUIDs that the emulator derives from world ids (``emulators/ashby/ids.py``), so every row of the
marts is matched to its world row by decoding its native id, and compared field by field: keys, timestamps (ISO 8601
with ``Z`` in the API, naive UTC in the marts, whatever the session time zone), statuses, the recommendation scale,
and the counts of everything the API exposes. The conventions for what Ashby cannot carry (archived leads, offer
versions) are those of ``test_marts_by_vendor.VENDOR_WORLD_VIEWS`` and dbt/README.md."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import duckdb
import pytest

from ats_pipeline.sandbox.emulators.ashby.ids import decode
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform.conftest import VendorsBuild

VENDOR = "ashby"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def build(vendors_build: VendorsBuild) -> VendorsBuild:
    assert VENDOR in vendors_build.vendors, "ashby has no staging models"
    return vendors_build


def _world(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    cur = build.world.cursor()
    try:
        return cur.execute(sql).fetchall()
    finally:
        cur.close()


def _marts(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    return query(build.config, sql.format(connection=build.connection(VENDOR)))


def _by_world_id(kind: str, rows: list[tuple[Any, ...]]) -> dict[int, tuple[Any, ...]]:
    """Rows keyed by the world id behind their first column (an Ashby id of ``kind``); every id must decode."""
    out: dict[int, tuple[Any, ...]] = {}
    for native, *values in rows:
        ident = decode(kind, native)
        assert ident is not None, (kind, native)
        assert ident not in out, (kind, native)
        out[ident] = tuple(values)
    return out


def test_keys_are_system_connection_and_the_ashby_uuid(build: VendorsBuild) -> None:
    connection = build.connection(VENDOR)
    for table, key, native in (
        ("fct_applications", "application_key", "application_id"),
        ("fct_prospects", "prospect_key", "application_id"),
        ("dim_candidates", "candidate_key", "candidate_id"),
        ("dim_jobs", "job_key", "job_id"),
        ("dim_job_stages", "job_stage_key", "job_stage_id"),
        ("fct_offers", "offer_key", "offer_id"),
        ("fct_scorecards", "scorecard_key", "scorecard_id"),
        ("fct_interviews", "interview_key", "interview_id"),
    ):
        rows = _marts(build, f"select {key}, {native} from analytics.{table} where connection = '{{connection}}'")
        assert rows, table
        for key_value, native_value in rows:
            assert UUID.match(native_value), (table, native_value)
            assert key_value == f"ashby:{connection}:{native_value}", table


def test_applications_and_prospects_are_the_worlds_under_the_lead_convention(build: VendorsBuild) -> None:
    applicants = _by_world_id(
        "application",
        _marts(build, "select application_id, status, outcome from analytics.fct_applications "
               "where connection = '{connection}'"),
    )  # fmt: skip
    prospects = _by_world_id(
        "application",
        _marts(build, "select application_id, status from analytics.fct_prospects where connection = '{connection}'"),
    )
    outcome = {
        "we_rejected": "rejected_by_company",
        "they_withdrew": "withdrew",
        "none_specified": "rejected_by_company",
    }
    world = _world(
        build,
        "select a.id, a.is_prospect, a.status, r.type from applications a "
        "left join rejection_reasons r on r.id = a.rejection_reason_id where a.deleted_at is null",
    )
    # Ashby keeps the lead marker only while the application is active (status Lead)
    assert set(prospects) == {i for i, is_prospect, status, _ in world if is_prospect and status == "active"}
    assert {i: v[0] for i, v in prospects.items()} == dict.fromkeys(prospects, "active")
    expected = {
        i: (status, outcome.get(reason, "rejected_by_company") if status == "rejected" else status)
        for i, is_prospect, status, reason in world
        if not (is_prospect and status == "active")
    }
    assert applicants == expected
    archived_leads = [i for i, is_prospect, status, _ in world if is_prospect and status != "active"]
    assert all(applicants[i][0] == "rejected" for i in archived_leads if i in applicants)


def test_timestamps_are_naive_utc_whatever_the_session_time_zone(build: VendorsBuild) -> None:
    world = {
        i: (applied, rejected)
        for i, applied, rejected in _world(
            build, "select id, applied_at, rejected_at from applications where deleted_at is null"
        )
    }
    # the world has applications and stage moves on both sides of midnight UTC: a day-boundary slip would show
    assert any(t.hour == 23 for t, _ in world.values()) and any(t.hour == 0 for t, _ in world.values())
    with duckdb.connect(str(build.config.warehouse_path), read_only=True) as con:
        for zone in ("UTC", "Pacific/Kiritimati", "America/Los_Angeles"):  # +14 h and -8/-7 h
            con.execute(f"set TimeZone = '{zone}'")
            # staging views: the UTC conversion runs now, in this session's time zone
            got = _by_world_id(
                "application",
                con.execute(
                    "select application_id, applied_at, rejected_at from staging.int_ashby__applications "
                    f"where connection = '{build.connection(VENDOR)}'"
                ).fetchall(),
            )
            assert got == world, zone
    stages = _by_world_id(
        "application_history",
        _marts(build, "select stage_event_id, entered_at, exited_at from intermediate.int_stage_events "
               "where connection = '{connection}'"),
    )  # fmt: skip
    expected = {
        i: (entered, exited)
        for i, entered, exited in _world(
            build, "select id, entered_at, exited_at from application_stages where deleted_at is null"
        )
    }
    assert stages == expected
    assert all(isinstance(t, datetime) and t.tzinfo is None for pair in stages.values() for t in pair if t)


def test_hire_time_is_the_accepted_offers_decision(build: VendorsBuild) -> None:
    got = _by_world_id(
        "application",
        _marts(build, "select application_id, hired_at, offer_accepted_at from analytics.fct_applications "
               "where connection = '{connection}' and status = 'hired'"),
    )  # fmt: skip
    world = _world(
        build,
        "select a.id, o.resolved_at from applications a join offers o on o.application_id = a.id "
        "and o.status = 'accepted' and o.deleted_at is null where a.status = 'hired' and a.deleted_at is null",
    )
    assert got == {i: (resolved, resolved) for i, resolved in world}
    assert len(got) == build.truth.hires


def test_offers_are_each_applications_latest_version(build: VendorsBuild) -> None:
    got = _by_world_id(
        "offer",
        _marts(build, "select offer_id, offer_status, resolved_at, start_date, offer_version, is_latest_version "
               "from analytics.fct_offers where connection = '{connection}'"),
    )  # fmt: skip
    world = _world(
        build,
        "select application_id, status, resolved_at, start_date from offers where deleted_at is null "
        "qualify row_number() over (partition by application_id order by version desc, id desc) = 1",
    )
    decided = ("accepted", "declined", "reneged")
    expected = {
        app: (status, resolved if status in decided else None, start, None, True)
        for app, status, resolved, start in world
    }
    assert got == expected


def test_scorecards_keep_the_recommendation_on_the_shared_scale(build: VendorsBuild) -> None:
    got = _by_world_id(
        "feedback",
        _marts(build, "select scorecard_id, recommendation, recommendation_score, scorecard_status "
               "from analytics.fct_scorecards where connection = '{connection}'"),
    )  # fmt: skip
    score = {"strong_no": 1, "no": 2, "yes": 3, "strong_yes": 4}
    world = _world(
        build, "select id, recommendation from scorecards where deleted_at is null and submitted_at is not null"
    )
    assert got == {i: (r, score.get(r), "submitted") for i, r in world}
    assert {r for r, *_ in got.values()} == {"strong_no", "no", "no_decision", "yes", "strong_yes"}


def test_interviews_and_interviewers_equal_the_world(build: VendorsBuild) -> None:
    got = _by_world_id(
        "interview_event",
        _marts(build, "select interview_id, interview_status, starts_at, ends_at, interviewers "
               "from analytics.fct_interviews where connection = '{connection}'"),
    )  # fmt: skip
    world = _world(
        build,
        "select i.id, i.status, i.starts_at, i.ends_at, count(p.id) from interviews i "
        "left join interview_interviewers p on p.interview_id = i.id and p.deleted_at is null "
        "where i.deleted_at is null group by all",
    )
    assert got == {i: tuple(values) for i, *values in world}
    # each interviewer's scorecard is the feedback they submitted for that interview
    seats = _marts(
        build,
        "select i.interview_id, s.scorecard_id from analytics.fct_interview_interviewers p "
        "join analytics.fct_interviews i using (interview_key) "
        "left join analytics.fct_scorecards s using (scorecard_key) where p.connection = '{connection}'",
    )
    linked = sorted((decode("interview_event", i), decode("feedback", s)) for i, s in seats if s is not None)
    expected = _world(
        build,
        "select s.interview_id, s.id from scorecards s join interview_interviewers p "
        "on p.interview_id = s.interview_id and p.user_id = s.interviewer_id and p.deleted_at is null "
        "where s.deleted_at is null and s.submitted_at is not null order by 1, 2",
    )
    assert linked == sorted(expected)
    assert len(seats) == _world(build, "select count(*) from interview_interviewers where deleted_at is null")[0][0]


def test_reference_entities_equal_the_world(build: VendorsBuild) -> None:
    counts = {
        "dim_users": "select count(*) from users",
        "dim_departments": "select count(*) from departments",
        "dim_sources": "select count(*) from sources",
        "dim_jobs": "select count(*) from jobs where deleted_at is null",
        "dim_candidates": "select count(*) from candidates where deleted_at is null",
    }
    for table, sql in counts.items():
        got = _marts(build, f"select count(*) from analytics.{table} where connection = '{{connection}}'")
        assert got == _world(build, sql), table
    channel = {"applied": "job_board", "referral": "referral", "agency": "agency", "sourced": "sourced"}
    sources = _by_world_id(
        "source",
        _marts(build, "select source_id, source_name, source_channel from analytics.dim_sources "
               "where connection = '{connection}'"),
    )  # fmt: skip
    assert sources == {
        i: (name, channel[kind]) for i, name, kind in _world(build, "select id, name, type from sources")
    }
    parents = _by_world_id(
        "department",
        _marts(build, "select d.department_id, p.department_id from analytics.dim_departments d "
               "left join analytics.dim_departments p on p.department_key = d.parent_department_key "
               "where d.connection = '{connection}'"),
    )  # fmt: skip
    world_parents = dict(_world(build, "select id, parent_id from departments"))
    assert {i: decode("department", p) if p else None for i, (p,) in parents.items()} == world_parents


def test_job_stages_map_to_the_worlds_canonical_kinds(build: VendorsBuild) -> None:
    got = _by_world_id(
        "interview_stage",
        _marts(build, "select s.job_stage_id, j.job_id, s.stage_order, s.canonical_stage "
               "from analytics.dim_job_stages s left join analytics.dim_jobs j using (job_key) "
               "where s.connection = '{connection}'"),
    )  # fmt: skip
    world = _world(
        build,
        "select s.id, s.job_id, s.stage_order, s.kind from job_stages s join jobs j on j.id = s.job_id "
        "where j.deleted_at is null",
    )
    assert {i: (decode("job", job), order, kind) for i, (job, order, kind) in got.items()} == {
        i: (job, order, kind) for i, job, order, kind in world
    }
