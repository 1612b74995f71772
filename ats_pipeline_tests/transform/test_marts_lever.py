"""Lever-specific points of the unified model, on the shared all-vendor build (conftest.py; no build of its own).

Expected values come from the world the emulator renders: Lever ids are derived from world ids (emulators/lever/
ids.py), so every Lever key can be checked against the world row behind it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from ats_pipeline.sandbox.emulators.lever.ids import lever_id
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform.conftest import VendorsBuild

VENDOR = "lever"


@pytest.fixture(scope="module")
def lever(vendors_build: VendorsBuild) -> VendorsBuild:
    assert VENDOR in vendors_build.vendors, "lever has no staging models"
    return vendors_build


def _key(build: VendorsBuild, kind: str, world_id: int) -> str:
    return f"lever:{build.connection(VENDOR)}:{lever_id(kind, world_id)}"


def _world(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    return build.world.cursor().execute(sql).fetchall()


def _marts(build: VendorsBuild, sql: str) -> list[tuple[Any, ...]]:
    return query(build.config, sql.format(connection=f"'{build.connection(VENDOR)}'"))


def _ms(value: datetime) -> datetime:
    """A world timestamp as Lever carries it: epoch milliseconds (microseconds dropped)."""
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def test_application_and_candidate_keys_are_opportunity_and_contact_ids(lever: VendorsBuild) -> None:
    got = _marts(lever, "select application_key, candidate_key, job_key from analytics.fct_applications "
                 "where connection = {connection}")  # fmt: skip
    world = _world(
        lever, "select id, candidate_id, job_id from applications where not is_prospect and deleted_at is null"
    )
    assert sorted(got) == sorted(
        (_key(lever, "opportunity", a), _key(lever, "contact", c), _key(lever, "posting", j)) for a, c, j in world
    )
    # one candidate per contact: a person's opportunities share it
    candidates = _marts(lever, "select candidate_key from analytics.dim_candidates where connection = {connection}")
    live = _world(lever, "select distinct candidate_id from applications where deleted_at is null")
    assert sorted(k for (k,) in candidates) == sorted(_key(lever, "contact", c) for (c,) in live)


def test_leads_and_user_added_opportunities_are_prospects(lever: VendorsBuild) -> None:
    got = _marts(lever, "select prospect_key from analytics.fct_prospects where connection = {connection}")
    world = _world(lever, "select id from applications where is_prospect and deleted_at is null")
    assert len(world) == lever.truth.prospects
    # incl. prospects with a posting and a referral source (their application is still type "user")
    assert any(j is not None for (j,) in _world(lever, "select job_id from applications where is_prospect"))
    assert sorted(k for (k,) in got) == sorted(_key(lever, "opportunity", a) for (a,) in world)


def test_stage_visits_equal_the_world_to_the_millisecond(lever: VendorsBuild) -> None:
    """stageChanges (epoch ms entries) become visits; exits are the next entry or the archive time."""
    got = _marts(
        lever,
        "select application_key, entered_at, exited_at from intermediate.int_stage_events "
        "where connection = {connection}",
    )
    world = _world(
        lever,
        "select v.application_id, v.entered_at, v.exited_at from application_stages v "
        "join applications a on a.id = v.application_id "
        "where v.deleted_at is null and a.deleted_at is null and a.job_id is not null",
    )
    expected = [(_key(lever, "opportunity", a), _ms(e), None if x is None else _ms(x)) for a, e, x in world]
    assert sorted(got, key=str) == sorted(expected, key=str)
    # the comparison covers visits spanning a UTC day boundary
    assert any(x is not None and x.date() != e.date() for _, e, x in expected)


def test_timestamps_are_naive_utc_from_epoch_ms(lever: VendorsBuild) -> None:
    got = dict(
        _marts(
            lever, "select application_key, applied_at from analytics.fct_applications where connection = {connection}"
        )  # fmt: skip
    )
    world = _world(lever, "select id, created_at from applications where not is_prospect and deleted_at is null")
    assert got == {_key(lever, "opportunity", a): _ms(t) for a, t in world}
    late = [t for _, t in world if t.hour >= 22]  # would move to the next day if read in a UTC+ zone
    assert late and all(got[_key(lever, "opportunity", a)] == _ms(t) for a, t in world if t.hour >= 22)


def test_hire_time_is_the_signed_offer(lever: VendorsBuild) -> None:
    got = _marts(
        lever,
        "select application_key, hired_at from analytics.fct_applications "
        "where connection = {connection} and status = 'hired'",
    )
    world = _world(
        lever,
        "select a.id, o.resolved_at from applications a join offers o on o.application_id = a.id "
        "and o.status = 'accepted' and o.deleted_at is null "
        "where a.status = 'hired' and not a.is_prospect and a.deleted_at is null",
    )
    assert sorted(got) == sorted((_key(lever, "opportunity", a), _ms(t)) for a, t in world)


def test_interviews_interviewers_scorecards_users_sources_equal_the_world(lever: VendorsBuild) -> None:
    counts = {
        "analytics.fct_interviews": "select count(*) from interviews where deleted_at is null",
        "analytics.fct_interview_interviewers": "select count(*) from interview_interviewers where deleted_at is null",
        "analytics.fct_scorecards": "select count(*) from scorecards where deleted_at is null",
        "analytics.dim_users": "select count(*) from users",
        "analytics.dim_sources": "select count(*) from sources",
    }
    for mart, world_sql in counts.items():
        got = _marts(lever, f"select count(*) from {mart} where connection = {{connection}}")
        assert got == _world(lever, world_sql), mart
    # Lever has no interview status: it is derived from canceledAt and the feedback forms
    statuses = _marts(
        lever, "select interview_status, count(*) from analytics.fct_interviews where connection = {connection} "
        "group by 1"
    )  # fmt: skip
    assert dict(statuses) == dict(_world(lever, "select status, count(*) from interviews where deleted_at is null "
                                          "group by 1"))  # fmt: skip


def test_departments_are_the_posting_teams_and_their_departments(lever: VendorsBuild) -> None:
    """Lever has no departments endpoint: only departments a posting names (its team and that team's parent)."""
    got = _marts(lever, "select department_name, parent_department_key is not null from analytics.dim_departments "
                 "where connection = {connection}")  # fmt: skip
    world = _world(
        lever,
        "select distinct d.name, false from jobs j join departments d on d.id = j.department_id "
        "left join departments p on p.id = d.parent_id where j.deleted_at is null and p.id is null "
        "union select distinct d.name, true from jobs j join departments d on d.id = j.department_id "
        "join departments p on p.id = d.parent_id where j.deleted_at is null "
        "union select distinct p.name, false from jobs j join departments d on d.id = j.department_id "
        "join departments p on p.id = d.parent_id where j.deleted_at is null",
    )
    assert sorted(got) == sorted(world)


def test_recommendations_map_onto_the_shared_scale(lever: VendorsBuild) -> None:
    """ "4 - Strong Hire" .. "1 - Strong No Hire" -> strong_yes .. strong_no; no value (or a draft) -> no_decision."""
    got = _marts(
        lever,
        "select recommendation, recommendation_raw, scorecard_status, count(*) from analytics.fct_scorecards "
        "where connection = {connection} group by all",
    )
    raw = {"strong_yes": "4 - Strong Hire", "yes": "3 - Hire", "no": "2 - No Hire", "strong_no": "1 - Strong No Hire"}
    world = _world(
        lever,
        "select case when submitted_at is null then 'no_decision' else recommendation end, "
        "submitted_at is not null, count(*) from scorecards where deleted_at is null group by all",
    )
    expected = [(r, raw.get(r), "submitted" if s else "draft", n) for r, s, n in world]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert {r for r, *_ in got} >= {"strong_yes", "yes", "no", "strong_no", "no_decision"}


def test_job_plans_are_the_stages_entered_in_plan_order(lever: VendorsBuild) -> None:
    got = _marts(
        lever,
        "select job_key, stage_name, stage_order from analytics.dim_job_stages where connection = {connection}",
    )
    world = _world(
        lever,
        "select js.job_id, js.name, js.stage_order from job_stages js where exists (select 1 from application_stages v "
        "join applications a on a.id = v.application_id where v.job_stage_id = js.id and v.deleted_at is null "
        "and a.deleted_at is null)",
    )
    assert sorted(got) == sorted((_key(lever, "posting", j), n, o) for j, n, o in world)
