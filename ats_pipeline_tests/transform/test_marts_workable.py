"""Workable-specific points of the unified model, on the shared all-vendor build (conftest.py, no build of its own).

Workable renders the world's applications as candidates (one per person and job) with hex ids, jobs by shortcode,
stage history as activities and ISO 8601 timestamps; every expected value comes from the world's tables."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ats_pipeline.sandbox.emulators.workable import ids
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform.conftest import VendorsBuild

# The applications Workable exposes: non-deleted, of a non-deleted job, of a non-deleted person.
EXPOSED = """
    select a.* from applications a
    join candidates c on c.id = a.candidate_id and c.deleted_at is null
    join jobs j on j.id = a.job_id and j.deleted_at is null
    where a.deleted_at is null
"""


@pytest.fixture(scope="module")
def build(vendors_build: VendorsBuild) -> VendorsBuild:
    assert "workable" in vendors_build.vendors, "workable has no staging models"
    return vendors_build


def _world(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    return build.world.cursor().execute(sql).fetchall()


def _marts(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    return query(build.config, sql)


def test_keys_have_workable_shapes(build: VendorsBuild) -> None:
    prefix = "workable:workable_sandbox:"
    rows = _marts(
        build,
        "select application_key, application_id, job_key, candidate_key from analytics.fct_applications "
        "where source_system = 'workable'",
    )
    assert rows
    for application_key, application_id, job_key, candidate_key in rows:
        assert application_key == prefix + application_id
        assert re.fullmatch(r"[0-9a-f]{7,8}", application_id)  # candidate ids: short lower-case hex
        assert re.fullmatch(prefix + r"[0-9A-F]{10}", job_key)  # jobs: the ten-character shortcode
        assert candidate_key.startswith(prefix)
    stages = _marts(build, "select job_stage_id from analytics.dim_job_stages where source_system = 'workable'")
    assert stages and all(re.fullmatch(r"[0-9A-F]{10}:[a-z0-9_]+", s) for (s,) in stages)


def test_applications_and_prospects_are_the_exposed_candidates(build: VendorsBuild) -> None:
    """Candidates sourced by a member are prospects; deleted or merged records never appear."""
    applicants = {r[0] for r in _world(build, f"select id from ({EXPOSED}) where not is_prospect")}
    prospects = {r[0] for r in _world(build, f"select id from ({EXPOSED}) where is_prospect")}
    got_applicants = _marts(
        build, "select application_id from analytics.fct_applications where source_system = 'workable'"
    )
    got_prospects = _marts(build, "select application_id from analytics.fct_prospects where source_system = 'workable'")
    assert {ids.CANDIDATES.decode(a) for (a,) in got_applicants} == applicants
    assert {ids.CANDIDATES.decode(a) for (a,) in got_prospects} == prospects
    assert prospects  # the world has prospects on jobs: the flag is exercised


def test_timestamps_are_naive_utc_and_equal_the_world(build: VendorsBuild) -> None:
    """ISO 8601 'Z' strings land as naive UTC, to the second, on both sides of every day boundary."""
    world = {
        r[0]: r[1:]
        for r in _world(
            build,
            f"select id, applied_at, case when status = 'rejected' then rejected_at end, "
            f"case when status = 'hired' then hired_at end, status from ({EXPOSED}) where not is_prospect",
        )
    }
    got = {
        ids.CANDIDATES.decode(r[0]): r[1:]
        for r in _marts(
            build,
            "select application_id, applied_at, rejected_at, hired_at, status from analytics.fct_applications "
            "where source_system = 'workable'",
        )
    }
    assert got == world
    hours = {t.hour for t, *_ in world.values()}
    assert min(hours) < 2 and max(hours) > 21  # the world spreads applications over the whole day


def test_rejections_split_into_withdrawals_and_company_rejections(build: VendorsBuild) -> None:
    expected = dict(
        _world(
            build,
            f"""select case when rr.type = 'they_withdrew' then 'withdrew' else 'rejected_by_company' end, count(*)
                from ({EXPOSED}) a join rejection_reasons rr on rr.id = a.rejection_reason_id
                where not a.is_prospect and a.status = 'rejected' group by 1""",
        )
    )
    got = dict(
        _marts(
            build,
            "select outcome, count(*) from analytics.fct_applications "
            "where source_system = 'workable' and status = 'rejected' group by 1",
        )
    )
    assert got == expected


def test_stage_history_equals_the_world_visits(build: VendorsBuild) -> None:
    """Activities rebuild every visit (re-entries, unrejections, withdrawals) with its entry and exit; the move
    to Hired opens a visit of the Hired stage."""
    world = sorted(
        _world(
            build,
            f"""select a.id, js.name, v.entered_at, v.exited_at
                from application_stages v join ({EXPOSED}) a on a.id = v.application_id
                join job_stages js on js.id = v.job_stage_id
                where v.deleted_at is null and not a.is_prospect
                union all
                select id, 'Hired', hired_at, null from ({EXPOSED}) where status = 'hired' and not is_prospect""",
        )
    )
    got = sorted(
        (ids.CANDIDATES.decode(application_id), stage_name, entered_at, exited_at)
        for application_id, stage_name, entered_at, exited_at in _marts(
            build,
            """select a.application_id, e.stage_name, e.entered_at, e.exited_at
               from analytics.fct_application_stage_events e
               join analytics.fct_applications a using (application_key)
               where e.source_system = 'workable'""",
        )
    )
    assert got == world


def test_people_users_and_departments_equal_the_world(build: VendorsBuild) -> None:
    """Candidate records sharing an email are one person; members are users; departments are those on jobs."""
    (people,) = _world(
        build,
        f"select count(distinct coalesce(lower(c.email), 'record:' || a.id)) from ({EXPOSED}) a "
        "join candidates c on c.id = a.candidate_id",
    )[0:1]
    candidates = _marts(build, "select count(*) from analytics.dim_candidates where source_system = 'workable'")
    assert candidates == [people]
    users = _marts(build, "select count(*) from analytics.dim_users where source_system = 'workable'")
    assert users == [(build.truth.counts["users"],)]
    departments = {d["id"]: d for d in _departments(build)}
    used: set[int] = set()
    for (department_id,) in _world(build, "select department_id from jobs where deleted_at is null"):
        while department_id is not None:
            used.add(department_id)
            department_id = departments[department_id]["parent_id"]
    got = _marts(build, "select count(*) from analytics.dim_departments where source_system = 'workable'")
    assert got == [(len(used),)]


def _departments(build: VendorsBuild) -> list[dict[str, Any]]:
    return [{"id": r[0], "parent_id": r[1]} for r in _world(build, "select id, parent_id from departments")]


def test_profile_entries_are_kept_once_per_person(build: VendorsBuild) -> None:
    for table, mart in (("candidate_educations", "dim_candidate_educations"),
                        ("candidate_employments", "dim_candidate_employments")):  # fmt: skip
        expected = _world(
            build,
            f"select count(*) from {table} e where e.deleted_at is null "
            f"and e.candidate_id in (select candidate_id from ({EXPOSED}))",
        )
        assert _marts(build, f"select count(*) from analytics.{mart} where source_system = 'workable'") == expected


def test_what_the_api_does_not_expose_has_no_rows(build: VendorsBuild) -> None:
    """No offers, interviews, scorecards (so no recommendation scale), openings or attachments in SPI v3 as
    loaded; the hire time comes from hired_at."""
    for mart in ("fct_offers", "fct_interviews", "fct_scorecards", "fct_openings", "dim_candidate_attachments"):
        assert _marts(build, f"select count(*) from analytics.{mart} where source_system = 'workable'") == [(0,)]
    hires = _marts(
        build,
        "select count(*), count(hired_at), count(time_to_hire_hours) from analytics.fct_applications "
        "where source_system = 'workable' and status = 'hired'",
    )
    assert hires == [(build.truth.hires, build.truth.hires, build.truth.hires)]
