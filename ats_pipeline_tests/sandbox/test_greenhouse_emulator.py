"""Conformance of the Greenhouse Harvest v3 emulator, over real HTTP on loopback (ats_apis.md §1.2-§1.14, §10.1).

Two sandboxes: one over a generated world (counts, paging, filters, sampled records) and one over a small hand-made
world whose edge cases are known exactly (deletes, merges, anonymization, every enum mapping).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ats_pipeline.sandbox.emulator.base import LoggedRequest
from ats_pipeline.sandbox.emulator.registry import emulator_classes
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.greenhouse import GreenhouseEmulator
from ats_pipeline.sandbox.emulators.greenhouse.resources import RESOURCES
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline_tests.sandbox.greenhouse_tables import WORLD_TABLE
from ats_pipeline_tests.sandbox.standin_world import StandInWorld

CURSOR_422 = {"errors": ["When passing a cursor, do not include other query params."]}
TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LINK = re.compile(r'^<(http://[^>]+/v3/(\w+)\?cursor=[A-Za-z0-9_-]+)>; rel="next"$')

# Every documented key of each resource (ats_apis.md §1.9-§1.10, Airbyte's v3 schemas).
KEYS: dict[str, set[str]] = {
    "applications": {
        "id", "candidate_id", "job_id", "job_post_id", "job_interview_stage_id", "stage_id", "stage_name", "status",
        "prospect", "prospective_job_ids", "source_id", "referrer_id", "recruiter_id", "coordinator_id",
        "rejection_reason_id", "rejected_at", "last_activity_at", "location_address", "needs_decision",
        "agency_note_id", "answers", "custom_fields", "created_at", "updated_at",
    },
    "candidates": {
        "id", "first_name", "last_name", "preferred_name", "company", "title", "private", "can_email", "time_zone",
        "tags", "linked_user_ids", "addresses", "email_addresses", "phone_numbers", "website_addresses",
        "social_media_addresses", "last_activity_at", "custom_fields", "created_at", "updated_at",
    },
    "interviews": {
        "id", "application_id", "job_id", "job_interview_id", "status", "starts_at", "ends_at", "all_day_start_on",
        "all_day_end_on", "scheduled_at", "availability_received_at", "organizer_id", "location",
        "video_conferencing_url", "external_event_id", "created_at", "updated_at",
    },
    "interviewers": {"id", "interview_id", "user_id", "email", "response_status", "scorecard_id", "created_at",
                     "updated_at"},
    "scorecards": {
        "id", "application_id", "interview_id", "interviewer_id", "submitter_id", "interview_kit_id", "interviewed_at",
        "submitted_at", "status", "candidate_rating", "notes", "notes_with_tags", "private_notes",
        "private_notes_with_tags", "public_notes", "public_notes_with_tags", "created_at", "updated_at",
    },
    "offers": {
        "id", "application_id", "candidate_id", "job_id", "opening_id", "version", "status", "sent_on", "starts_on",
        "resolved_at", "custom_fields", "created_at", "updated_at",
    },
    "jobs": {
        "id", "name", "status", "confidential", "is_template", "copied_from_id", "department_id", "office_ids",
        "requisition_id", "notes", "opened_at", "closed_at", "custom_fields", "created_at", "updated_at",
    },
    "openings": {
        "id", "job_id", "opening_id", "open", "opened_at", "closed_at", "close_reason_id", "application_id",
        "target_start_on", "sort_order", "custom_fields", "created_at", "updated_at",
    },
    "job_interview_stages": {"id", "job_id", "name", "sort_order", "active", "created_at", "updated_at"},
    "application_stages": {
        "id", "application_id", "job_interview_stage_id", "entered_at", "exited_at", "current", "days_in_stage",
        "created_at", "updated_at",
    },
    "rejection_reasons": {"id", "name", "type", "created_at", "updated_at"},
    "sources": {"id", "name", "type", "created_at", "updated_at"},
    "users": {
        "id", "first_name", "last_name", "name", "primary_email", "emails", "employee_id", "site_admin", "deactivated",
        "department_ids", "office_ids", "interviewer_tags", "linked_candidate_ids", "agency_id", "job_title",
        "custom_fields", "created_at", "updated_at",
    },
    "departments": {"id", "name", "parent_id", "external_id", "created_at", "updated_at"},
    "offices": {"id", "name", "location", "parent_id", "primary_in_house_contact_user_id", "external_id",
                "created_at", "updated_at"},
    "attachments": {"id", "application_id", "candidate_id", "filename", "type", "url", "created_at", "updated_at"},
    "candidate_employments": {"id", "candidate_id", "company_name", "title", "start_date", "end_date", "latest",
                              "created_at", "updated_at"},
    "candidate_educations": {
        "id", "candidate_id", "school_name_custom_field_option_id", "degree_custom_field_option_id",
        "discipline_custom_field_option_id", "start_at", "end_at", "start_date_month", "start_date_year",
        "end_date_month", "end_date_year", "latest", "created_at", "updated_at",
    },
    "eeoc": {"id", "application_id", "candidate_id", "gender", "race", "veteran_status", "disability_status",
             "submitted_at", "created_at", "updated_at"},
    "demographic_question_sets": {"id", "title", "description", "active", "enabled", "created_at", "updated_at"},
    "demographic_questions": {"id", "demographic_question_set_id", "name", "answer_type", "required", "active",
                              "sort_order", "created_at", "updated_at"},
    "demographic_answer_options": {"id", "demographic_question_id", "name", "active", "free_form",
                                   "decline_to_answer", "sort_order", "created_at", "updated_at"},
    "demographic_answers": {"id", "application_id", "demographic_question_id", "demographic_answer_option_id",
                            "free_form_text", "created_at", "updated_at"},
    # resolvers for ids the records above carry
    "job_interviews": {"id", "job_id", "job_interview_stage_id", "name", "duration", "scheduling_type",
                       "require_scorecard", "active", "sort_order", "instructions", "summary", "created_at",
                       "updated_at"},
    "close_reasons": {"id", "name", "created_at", "updated_at"},
    "referrers": {"id", "name", "user_id", "created_at", "updated_at"},
    "custom_field_options": {"id", "custom_field_id", "name", "active", "external_id", "sort_order", "created_at",
                             "updated_at"},
}  # fmt: skip

FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="milliseconds") + "Z"


def ms(value: datetime) -> datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


# --- fixtures ------------------------------------------------------------------------------------------------------


def _generated_world() -> Any:
    try:
        from ats_pipeline.sandbox.world import World, WorldConfig
    except ImportError:  # the world package is not there yet: page through a bigger hand-made world
        return StandInWorld(bulk=250)
    return World.generate(WorldConfig(seed=42, applications=300))


@pytest.fixture(scope="module")
def world() -> Iterator[Any]:
    world = _generated_world()
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: Any) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["greenhouse"], settings={"greenhouse": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def edge_world() -> Iterator[StandInWorld]:
    world = StandInWorld(bulk=40)
    yield world
    world.close()


@pytest.fixture(scope="module")
def edge_box(edge_world: StandInWorld) -> Iterator[Sandbox]:
    # default settings: this sandbox also shows the vendor's default rate limit
    with Sandbox(edge_world, vendors=["greenhouse"]) as sandbox:
        yield sandbox


def _restoring(emulator: GreenhouseEmulator) -> Iterator[GreenhouseEmulator]:
    saved = emulator.settings.model_copy(deep=True)
    ttl = emulator.attachment_url_ttl_seconds
    emulator.reset()
    yield emulator
    for name in EmulatorSettings.model_fields:
        setattr(emulator.settings, name, getattr(saved, name))
    emulator.attachment_url_ttl_seconds = ttl
    emulator.reset()


@pytest.fixture
def gh(box: Sandbox) -> Iterator[GreenhouseEmulator]:
    """The main emulator, with knobs restored and log/limits/fault sequence reset around each test."""
    yield from _restoring(box.emulators["greenhouse"])  # type: ignore[arg-type]


@pytest.fixture
def edge(edge_box: Sandbox) -> Iterator[GreenhouseEmulator]:
    yield from _restoring(edge_box.emulators["greenhouse"])  # type: ignore[arg-type]


def token(endpoint: dict[str, Any], limited: bool = False, **form: str) -> str:
    prefix = "limited_" if limited else ""
    response = httpx.post(
        endpoint["token_url"],
        auth=(endpoint[f"{prefix}client_id"], endpoint[f"{prefix}client_secret"]),
        data={"grant_type": "client_credentials", **form},
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


class Api:
    def __init__(self, endpoint: dict[str, Any], bearer: str) -> None:
        self.endpoint = endpoint
        self.http = httpx.Client(headers={"Authorization": f"Bearer {bearer}"}, timeout=30)

    def get(self, resource: str, **params: Any) -> httpx.Response:
        return self.http.get(f"{self.endpoint['base_url']}/{resource}", params=params)

    def ok(self, resource: str, **params: Any) -> list[dict[str, Any]]:
        response = self.get(resource, **params)
        assert response.status_code == 200, (resource, response.status_code, response.text)
        return response.json()

    def crawl(self, resource: str, **params: Any) -> list[dict[str, Any]]:
        params.setdefault("per_page", 500)
        response = self.get(resource, **params)
        records: list[dict[str, Any]] = []
        while True:
            assert response.status_code == 200, (resource, response.text)
            records.extend(response.json())
            nxt = response.links.get("next")
            if nxt is None:
                return records
            response = self.http.get(nxt["url"])


@pytest.fixture(scope="module")
def api(box: Sandbox) -> Iterator[Api]:
    endpoint = box.endpoints()["greenhouse"]
    client = Api(endpoint, token(endpoint))
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def edge_api(edge_box: Sandbox) -> Iterator[Api]:
    endpoint = edge_box.endpoints()["greenhouse"]
    client = Api(endpoint, token(endpoint))
    yield client
    client.http.close()


def rows(world: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with world.cursor() as cur:
        cur.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def visible(world: Any, table: str, where: str = "") -> list[dict[str, Any]]:
    columns = {r["column_name"] for r in rows(world, f"select column_name from (describe {table})")}
    clauses = ["deleted_at is null"] if "deleted_at" in columns else []
    if where:
        clauses.append(where)
    return rows(world, f"select * from {table}" + (f" where {' and '.join(clauses)}" if clauses else ""))


# --- registry, sandbox, log ----------------------------------------------------------------------------------------


def test_registry_discovers_the_greenhouse_module_and_endpoints_are_absolute(box: Sandbox) -> None:
    assert emulator_classes()["greenhouse"] is GreenhouseEmulator
    endpoint = box.endpoints()["greenhouse"]
    origin = box.url("greenhouse")
    assert endpoint["base_url"] == origin + "/v3" and endpoint["token_url"] == origin + "/token"
    assert endpoint["client_id"] == "sandbox-greenhouse" and endpoint["client_secret"] == "sandbox-greenhouse-secret"
    assert origin.startswith("http://127.0.0.1:")


def test_request_log_records_method_path_query_and_status(gh: GreenhouseEmulator, api: Api) -> None:
    api.ok("jobs", per_page=2)
    api.get("nope")
    log = gh.request_log
    assert log[0] == LoggedRequest("GET", "/v3/jobs", "per_page=2", 200)
    assert [e.status for e in log.requests_for("/v3/nope")] == [404]
    assert len(log.requests_for("/v3/")) == 2
    log.clear()
    assert len(log) == 0


# --- auth (§1.2) ---------------------------------------------------------------------------------------------------


def test_token_flow_returns_a_bearer_token_expiring_in_an_hour(gh: GreenhouseEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["greenhouse"]
    response = httpx.post(
        endpoint["token_url"],
        auth=(endpoint["client_id"], endpoint["client_secret"]),
        data={"grant_type": "client_credentials", "sub": "1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at"} and body["token_type"] == "Bearer"
    assert TS.match(body["expires_at"])
    expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert abs((expires - datetime.now(UTC)).total_seconds() - 3600) < 30
    assert body["access_token"].count(".") == 2  # JWT-shaped
    assert Api(endpoint, body["access_token"]).get("jobs").status_code == 200


def test_token_endpoint_rejects_bad_clients_and_grants(gh: GreenhouseEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["greenhouse"]
    url, form = endpoint["token_url"], {"grant_type": "client_credentials"}
    wrong = httpx.post(url, auth=(endpoint["client_id"], "wrong"), data=form)
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})
    assert httpx.post(url, data=form).status_code == 401
    # credentials in the form body instead of HTTP Basic are not how Greenhouse authenticates clients
    in_body = {**form, "client_id": endpoint["client_id"], "client_secret": endpoint["client_secret"]}
    assert httpx.post(url, data=in_body).status_code == 401
    auth = (endpoint["client_id"], endpoint["client_secret"])
    grant = httpx.post(url, auth=auth, data={"grant_type": "password"})
    assert (grant.status_code, grant.json()) == (400, {"error": "unsupported_grant_type"})
    assert httpx.post(url, auth=auth, data={}).json() == {"error": "invalid_request"}
    assert httpx.post(url, auth=auth, data={**form, "scope": "harvest:everything"}).json() == {"error": "invalid_scope"}


def test_missing_or_unknown_bearer_is_401(gh: GreenhouseEmulator, box: Sandbox) -> None:
    base = box.endpoints()["greenhouse"]["base_url"]
    missing = httpx.get(f"{base}/applications")
    assert missing.status_code == 401 and "message" in missing.json()
    bad = httpx.get(f"{base}/applications", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and "message" in bad.json()


def test_expired_token_is_401(gh: GreenhouseEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["greenhouse"]
    gh.settings.token_ttl_seconds = 0.3
    short = Api(endpoint, token(endpoint))
    assert short.get("jobs").status_code == 200
    time.sleep(0.4)
    expired = short.get("jobs")
    assert expired.status_code == 401 and "expired" in expired.json()["message"].lower()


def test_missing_scope_is_403(gh: GreenhouseEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["greenhouse"]
    limited = Api(endpoint, token(endpoint, limited=True))
    assert limited.get("applications").status_code == 200
    for resource in ("eeoc", "demographic_answers", "demographic_questions"):
        denied = limited.get(resource)
        assert denied.status_code == 403 and "message" in denied.json(), resource
    narrow = Api(endpoint, token(endpoint, scope="harvest:jobs:list"))
    assert narrow.get("jobs").status_code == 200 and narrow.get("applications").status_code == 403


# --- paging (§1.3) -------------------------------------------------------------------------------------------------


def test_bare_array_ordered_by_id_descending(gh: GreenhouseEmulator, api: Api) -> None:
    for resource in ("applications", "candidates", "application_stages", "demographic_answers", "eeoc"):
        records = api.ok(resource, per_page=500)
        assert isinstance(records, list) and records, resource
        ids = [r["id"] for r in records]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids), resource


def test_per_page_bounds_and_default(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    for bad in ("0", "501", "abc", "1.5", "", "-3"):
        response = api.get("applications", per_page=bad)
        assert response.status_code == 422 and isinstance(response.json()["errors"], list), bad
    assert len(api.ok("applications", per_page=1)) == 1
    total = len(visible(world, "applications"))
    assert len(api.ok("applications", per_page=500)) == min(500, total)
    assert len(api.ok("applications")) == min(100, total)


def test_link_is_next_only_and_absent_on_the_last_page(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    pages, response = [], api.get("applications", per_page=40)
    while True:
        assert response.status_code == 200
        pages.append(response.json())
        link = response.headers.get("link")
        if link is None:
            break
        match = LINK.match(link)
        assert match and match.group(2) == "applications", link
        assert set(parse_qs(urlsplit(match.group(1)).query)) == {"cursor"}  # the cursor travels alone
        assert len(response.json()) == 40
        response = api.http.get(match.group(1))
    ids = [r["id"] for page in pages for r in page]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids))
    assert sorted(ids) == sorted(r["id"] for r in visible(world, "applications"))
    assert len(pages) > 2


def test_cursor_with_any_other_param_is_422(gh: GreenhouseEmulator, api: Api) -> None:
    cursor_url = api.get("applications", per_page=5).links["next"]["url"]
    for extra in ("per_page=5", "updated_at=gte%7C2020-01-01T00:00:00Z", "unknown=1", "ids="):
        response = api.http.get(f"{cursor_url}&{extra}")
        assert response.status_code == 422 and response.json() == CURSOR_422, extra
    assert api.http.get(cursor_url).status_code == 200


def test_expired_tampered_or_foreign_cursor_is_422(gh: GreenhouseEmulator, api: Api) -> None:
    cursor_url = api.get("applications", per_page=5).links["next"]["url"]
    prefix, cursor = cursor_url.split("cursor=")
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert api.http.get(f"{prefix}cursor={tampered}").status_code == 422
    assert api.http.get(f"{prefix}cursor=not-a-cursor").status_code == 422
    foreign = api.http.get(cursor_url.replace("/v3/applications?", "/v3/candidates?"))
    assert foreign.status_code == 422
    gh.settings.cursor_ttl_seconds = 0.2
    short = api.get("applications", per_page=5).links["next"]["url"]
    time.sleep(0.3)
    expired = api.http.get(short)
    assert expired.status_code == 422 and "expired" in expired.json()["errors"][0].lower()


def test_cursor_carries_the_first_request_filters(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    expected = {r["id"] for r in visible(world, "applications", "status = 'rejected'")}
    per_page = max(1, len(expected) // 4)
    records = api.crawl("applications", per_page=per_page, status="rejected")
    assert {r["id"] for r in records} == expected and all(r["status"] == "rejected" for r in records)
    pages = len(gh.request_log.requests_for("/v3/applications"))
    assert pages == -(-len(expected) // per_page) and pages > 2  # and no empty last page


def test_paging_is_stable_while_the_world_changes(edge: GreenhouseEmulator, edge_api: Api, edge_world: Any) -> None:
    first = edge_api.get("applications", per_page=10)
    seen = [r["id"] for r in first.json()]
    # a new application arrives and an already-served one is updated between pages
    with edge_world.cursor() as cur:
        cur.execute(
            "insert into applications select 100000, candidate_id, job_id, is_prospect, source_id, referrer_id, "
            "recruiter_id, coordinator_id, status, current_stage_id, applied_at, rejected_at, rejection_reason_id, "
            "hired_at, last_activity_at, created_at, updated_at, deleted_at from applications where id = 1"
        )
        cur.execute("update applications set updated_at = updated_at + interval 1 day where id = ?", [seen[0]])
    try:
        response = first
        while "next" in response.links:
            response = edge_api.http.get(response.links["next"]["url"])
            seen += [r["id"] for r in response.json()]
        assert 100000 not in seen and len(seen) == len(set(seen))
        assert len(seen) == len(visible(edge_world, "applications")) - 1
    finally:
        with edge_world.cursor() as cur:
            cur.execute("delete from applications where id = 100000")
            cur.execute("update applications set updated_at = updated_at - interval 1 day where id = ?", [seen[0]])


def test_fields_projection(gh: GreenhouseEmulator, api: Api) -> None:
    records = api.ok("applications", fields="id,status", per_page=5)
    assert records and all(set(r) == {"id", "status"} for r in records)
    assert api.get("applications", fields=",".join(f"f{i}" for i in range(51))).status_code == 422


# --- filters (§1.6) ------------------------------------------------------------------------------------------------


def test_updated_at_filter_semantics(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    apps = visible(world, "applications")
    stamps = sorted(ms(r["updated_at"]) for r in apps)
    low, high = stamps[len(stamps) // 4], stamps[3 * len(stamps) // 4]

    def ids(**params: str) -> set[int]:
        return {r["id"] for r in api.crawl("applications", **params)}

    def expect(test: Any) -> set[int]:
        return {r["id"] for r in apps if test(ms(r["updated_at"]))}

    assert ids(updated_at=f"gte|{iso(low)}") == expect(lambda v: v >= low)
    assert ids(updated_at=f"gt|{iso(low)}") == expect(lambda v: v > low)
    assert ids(updated_at=f"lt|{iso(high)}") == expect(lambda v: v < high)
    assert ids(updated_at=f"gte|{iso(low)}|lte|{iso(high)}") == expect(lambda v: low <= v <= high)
    # offsets and whole seconds are accepted too
    offset = (low + timedelta(hours=2)).replace(microsecond=0).isoformat() + "+02:00"
    assert ids(updated_at=f"gte|{offset}") == expect(lambda v: v >= low.replace(microsecond=0))
    created = sorted(ms(r["created_at"]) for r in apps)[len(apps) // 2]
    assert ids(created_at=f"gte|{iso(created)}") == {r["id"] for r in apps if ms(r["created_at"]) >= created}


def test_millisecond_boundaries_are_exact(gh: GreenhouseEmulator, api: Api) -> None:
    record = api.ok("applications", per_page=1)[0]
    stamp = record["updated_at"]
    assert record["id"] in {r["id"] for r in api.crawl("applications", updated_at=f"gte|{stamp}")}
    assert record["id"] not in {r["id"] for r in api.crawl("applications", updated_at=f"gt|{stamp}")}
    assert record["id"] in {r["id"] for r in api.crawl("applications", updated_at=f"lte|{stamp}")}
    assert record["id"] not in {r["id"] for r in api.crawl("applications", updated_at=f"lt|{stamp}")}


def test_bad_filter_syntax_and_both_date_filters_are_422(gh: GreenhouseEmulator, api: Api) -> None:
    for bad in ("gte2024-01-01", "foo|2024-01-01T00:00:00Z", "gte|not-a-date", "gte|", "gte|2024-01-01|gte|2024-02-01",
                "gte|2024-01-01T00:00:00Z|lte"):  # fmt: skip
        response = api.get("applications", updated_at=bad)
        assert response.status_code == 422 and response.json()["errors"], bad
    both = api.get("applications", updated_at="gte|2024-01-01T00:00:00Z", created_at="gte|2024-01-01T00:00:00Z")
    assert both.status_code == 422


def test_eeoc_filters_on_submitted_at_and_vocabularies_ignore_date_filters(
    gh: GreenhouseEmulator, api: Api, world: Any
) -> None:
    rows_ = [r for r in visible(world, "demographics") if r["submitted_at"] is not None]
    cut = sorted(ms(r["submitted_at"]) for r in rows_)[len(rows_) // 2]
    got = {r["application_id"] for r in api.crawl("eeoc", submitted_at=f"gte|{iso(cut)}")}
    assert got == {r["application_id"] for r in rows_ if ms(r["submitted_at"]) >= cut}
    everything = api.ok("demographic_questions")
    assert api.ok("demographic_questions", updated_at="gte|2999-01-01T00:00:00Z") == everything  # unknown: ignored
    assert api.ok("departments", updated_at="gte|2999-01-01T00:00:00Z") == []


def test_ids_and_parent_filters(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    apps = visible(world, "applications")
    sample = random.Random(1).sample(apps, 5)
    assert {r["id"] for r in api.ok("applications", ids=",".join(str(a["id"]) for a in sample))} == {
        a["id"] for a in sample
    }
    candidates = {a["candidate_id"] for a in sample}
    got = api.crawl("applications", candidate_ids=",".join(map(str, candidates)))
    assert {r["id"] for r in got} == {a["id"] for a in apps if a["candidate_id"] in candidates}
    app_ids = {a["id"] for a in sample}
    joined = ",".join(map(str, app_ids))
    for resource, table in (("application_stages", "application_stages"), ("scorecards", "scorecards"),
                            ("offers", "offers"), ("attachments", "attachments")):  # fmt: skip
        expected = {r["id"] for r in visible(world, table) if r["application_id"] in app_ids}
        assert {r["id"] for r in api.crawl(resource, application_ids=joined)} == expected, resource
    job = apps[0]["job_id"] or 1
    assert {r["id"] for r in api.crawl("job_interview_stages", job_ids=str(job))} == {
        r["id"] for r in visible(world, "job_stages") if r["job_id"] == job
    }
    interviews = [r["id"] for r in visible(world, "interviews")][:10]
    expected = {r["id"] for r in visible(world, "interview_interviewers") if r["interview_id"] in interviews}
    assert {r["id"] for r in api.crawl("interviewers", interview_ids=",".join(map(str, interviews)))} == expected


def test_id_lists_are_capped_at_50_and_must_be_integers(gh: GreenhouseEmulator, api: Api) -> None:
    fifty = ",".join(str(i) for i in range(1, 51))
    assert api.get("applications", ids=fifty).status_code == 200
    assert api.get("applications", ids=fifty + ",51").status_code == 422
    assert api.get("applications", candidate_ids=fifty + ",51").status_code == 422
    assert api.get("scorecards", interview_ids="1,x").status_code == 422


def test_status_filters(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    for status, world_status in (("in_process", "active"), ("rejected", "rejected"), ("hired", "hired")):
        expected = {r["id"] for r in visible(world, "applications", f"status = '{world_status}'")}
        got = api.crawl("applications", status=status)
        assert {r["id"] for r in got} == expected and all(r["status"] == status for r in got)
    assert api.ok("applications", status="no-such-status") == []
    open_jobs = {r["id"] for r in visible(world, "jobs", "status = 'open'")}
    assert {r["id"] for r in api.crawl("jobs", status="open")} == open_jobs
    accepted = {r["id"] for r in visible(world, "offers", "status in ('accepted', 'reneged')")}
    assert {r["id"] for r in api.crawl("offers", status="Accepted")} == accepted


# --- rate limits (§1.4) --------------------------------------------------------------------------------------------


def _assert_rate_headers(response: httpx.Response, limit: int) -> None:
    assert response.headers["X-RateLimit-Limit"] == str(limit)
    assert int(response.headers["X-RateLimit-Remaining"]) >= 0
    reset = int(response.headers["X-RateLimit-Reset"])
    assert time.time() - 1 <= reset <= time.time() + 60


def test_rate_limit_headers_on_every_api_response(gh: GreenhouseEmulator, api: Api, box: Sandbox) -> None:
    gh.settings.rate_limit = RateLimitSettings(limit=1000, window_seconds=30)
    responses = [
        api.get("applications"),  # 200
        api.get("applications", per_page="0"),  # 422
        api.get("no_such_resource"),  # 404
        httpx.get(f"{box.endpoints()['greenhouse']['base_url']}/jobs"),  # 401, keyed by IP
    ]
    limited = Api(box.endpoints()["greenhouse"], token(box.endpoints()["greenhouse"], limited=True))
    responses.append(limited.get("eeoc"))  # 403
    assert [r.status_code for r in responses] == [200, 422, 404, 401, 403]
    for response in responses:
        _assert_rate_headers(response, 1000)
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in responses[:3]]
    assert remaining == [999, 998, 997]  # counted per client


def test_over_the_limit_is_429_with_retry_after(gh: GreenhouseEmulator, api: Api, box: Sandbox) -> None:
    gh.settings.rate_limit = RateLimitSettings(limit=3, window_seconds=1)
    statuses = [api.get("jobs").status_code for _ in range(3)]
    throttled = api.get("jobs")
    assert statuses == [200, 200, 200] and throttled.status_code == 429
    assert throttled.json() == {"message": "Rate limit exceeded"}
    assert int(throttled.headers["Retry-After"]) >= 1
    _assert_rate_headers(throttled, 3)
    assert throttled.headers["X-RateLimit-Remaining"] == "0"
    # limits are per client: the other sandbox client still has its own window
    other = Api(box.endpoints()["greenhouse"], token(box.endpoints()["greenhouse"], limited=True))
    assert other.get("jobs").status_code == 200
    time.sleep(1.05)
    assert api.get("jobs").status_code == 200


def test_token_bucket_limiter(gh: GreenhouseEmulator, api: Api) -> None:
    gh.settings.rate_limit = RateLimitSettings(kind="token_bucket", limit=2, window_seconds=1, burst=4)
    statuses = [api.get("jobs").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    time.sleep(0.55)  # refills 2 per second
    assert api.get("jobs").status_code == 200


def test_default_limit_is_a_fixed_window_of_50_per_10_seconds(edge: GreenhouseEmulator, edge_api: Api) -> None:
    default = GreenhouseEmulator.default_rate_limit()
    assert (default.kind, default.limit, default.window_seconds) == ("fixed_window", 50, 10.0)
    _assert_rate_headers(edge_api.get("jobs"), 50)


# --- latency and faults --------------------------------------------------------------------------------------------


def _timed(api: Api) -> float:
    started = time.perf_counter()
    api.get("departments")
    return time.perf_counter() - started


def test_latency_knob(gh: GreenhouseEmulator, api: Api) -> None:
    assert _timed(api) < 0.15
    gh.settings.latency_ms = 200
    assert _timed(api) >= 0.2


def test_slow_knob(gh: GreenhouseEmulator, api: Api) -> None:
    gh.settings.faults.slow_rate = 1.0
    gh.settings.faults.slow_ms = 150
    assert _timed(api) >= 0.15


def test_error_rate_knob_answers_a_share_with_5xx(gh: GreenhouseEmulator, api: Api) -> None:
    gh.settings.faults.error_rate = 0.3
    responses = [api.get("departments") for _ in range(200)]
    errors = [r for r in responses if r.status_code >= 500]
    assert 0.2 <= len(errors) / len(responses) <= 0.4
    assert {r.status_code for r in errors} <= {500, 502, 503} and len({r.status_code for r in errors}) > 1
    assert all("X-RateLimit-Limit" in r.headers for r in errors)
    assert gh.request_log.statuses("/v3/") == [r.status_code for r in responses]


def test_reset_rate_knob_drops_connections(gh: GreenhouseEmulator, api: Api) -> None:
    gh.settings.faults.reset_rate = 0.3
    outcomes = []
    for _ in range(100):
        try:
            outcomes.append(api.get("departments").status_code)
        except (httpx.RemoteProtocolError, httpx.ReadError):  # a dropped connection reads as either
            outcomes.append(0)
    assert 0.18 <= outcomes.count(0) / len(outcomes) <= 0.42
    assert set(outcomes) <= {0, 200}
    assert gh.request_log.statuses("/v3/") == outcomes


def test_faults_are_deterministic_for_a_seed(gh: GreenhouseEmulator, api: Api) -> None:
    gh.settings.faults.error_rate = 0.5
    gh.settings.seed = 11
    gh.reset()
    first = [api.get("departments").status_code for _ in range(30)]
    gh.reset()
    second = [api.get("departments").status_code for _ in range(30)]
    assert first == second and 200 in first and any(s >= 500 for s in first)


def test_faults_happen_before_the_handler(gh: GreenhouseEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["greenhouse"]
    gh.settings.faults.error_rate = 1.0
    before = len(gh.tokens._tokens)
    response = httpx.post(
        endpoint["token_url"],
        auth=(endpoint["client_id"], endpoint["client_secret"]),
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code >= 500 and len(gh.tokens._tokens) == before


# --- content: counts, shapes, sampled records ----------------------------------------------------------------------


def test_counts_per_resource_equal_the_worlds_visible_rows(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    for resource, table in WORLD_TABLE.items():
        expected = sorted(r["application_id" if table == "demographics" else "id"] for r in visible(world, table))
        assert sorted(r["id"] for r in api.crawl(resource)) == expected, resource
    answers = sum(
        (r["gender"] is not None) + (r["veteran_status"] is not None) + (r["disability_status"] is not None)
        + len(r["races"] or [])
        for r in visible(world, "demographics", "submitted_at is not null")
    )  # fmt: skip
    assert len(api.crawl("demographic_answers")) == answers
    referrers = {r["referrer_id"] for r in rows(world, "select referrer_id from applications") if r["referrer_id"]}
    assert {r["id"] for r in api.crawl("referrers")} == referrers
    assert len(api.crawl("demographic_questions")) == 4 and len(api.crawl("demographic_answer_options")) == 17


def test_every_documented_key_is_present_with_iso_formats(gh: GreenhouseEmulator, api: Api) -> None:
    for resource, keys in KEYS.items():
        records = api.ok(resource, per_page=50)
        assert records, resource
        for record in records:
            assert set(record) == keys, (resource, set(record) ^ keys)
            for key, value in record.items():
                if value is None:
                    continue
                if key.endswith("_at"):
                    assert TS.match(value), (resource, key, value)
                if key.endswith(("_on", "_date")):
                    assert DAY.match(value), (resource, key, value)
    assert "kind" not in api.ok("job_interview_stages")[0]


def test_sampled_records_match_the_world_field_by_field(gh: GreenhouseEmulator, api: Api, world: Any) -> None:
    pick = random.Random(7)
    status = {"active": "in_process", "rejected": "rejected", "hired": "hired"}
    for row in pick.sample(visible(world, "applications"), 5):
        [got] = api.ok("applications", ids=row["id"])
        assert got == got | {
            "id": row["id"], "candidate_id": row["candidate_id"], "job_id": row["job_id"],
            "job_interview_stage_id": row["current_stage_id"], "status": status[row["status"]],
            "prospect": row["is_prospect"], "source_id": row["source_id"], "referrer_id": row["referrer_id"],
            "recruiter_id": row["recruiter_id"], "coordinator_id": row["coordinator_id"],
            "rejection_reason_id": row["rejection_reason_id"], "rejected_at": iso(row["rejected_at"]),
            "last_activity_at": iso(row["last_activity_at"]), "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]), "answers": [], "custom_fields": {},
        }  # fmt: skip
    for row in pick.sample(visible(world, "candidates"), 3):
        [got] = api.ok("candidates", ids=row["id"])
        assert (got["first_name"], got["last_name"], got["company"], got["title"]) == (
            row["first_name"], row["last_name"], row["company"], row["title"]
        )  # fmt: skip
        assert got["email_addresses"] == ([{"value": row["email"], "type": "personal"}] if row["email"] else [])
        assert got["phone_numbers"] == ([{"value": row["phone"], "type": "mobile"}] if row["phone"] else [])
        assert (got["created_at"], got["updated_at"]) == (iso(row["created_at"]), iso(row["updated_at"]))
    for row in pick.sample(visible(world, "offers"), min(3, len(visible(world, "offers")))):
        [got] = api.ok("offers", ids=row["id"])
        assert got["custom_fields"]["salary"]["value"] == {"amount": row["salary"], "unit": row["currency"]}
        assert (got["application_id"], got["version"], got["opening_id"]) == (
            row["application_id"], row["version"], row["opening_id"]
        )  # fmt: skip
        assert got["starts_on"] == (row["start_date"].isoformat() if row["start_date"] else None)
    for row in pick.sample(visible(world, "application_stages"), 3):
        [got] = api.ok("application_stages", ids=row["id"])
        end = row["exited_at"] or world.now
        assert got == {
            "id": row["id"], "application_id": row["application_id"], "job_interview_stage_id": row["job_stage_id"],
            "entered_at": iso(row["entered_at"]), "exited_at": iso(row["exited_at"]),
            "current": row["exited_at"] is None, "days_in_stage": (end - row["entered_at"]).days,
            "created_at": iso(row["created_at"]), "updated_at": iso(row["updated_at"]),
        }  # fmt: skip
    for row in pick.sample(visible(world, "scorecards"), 3):
        [got] = api.ok("scorecards", ids=row["id"])
        assert got["candidate_rating"] == row["recommendation"]
        assert got["status"] == ("complete" if row["submitted_at"] else "draft")
        assert got["submitted_at"] == iso(row["submitted_at"]) and got["interviewer_id"] == row["interviewer_id"]


# --- after time moves: deletes, merges, anonymization ---------------------------------------------------------------


@pytest.fixture(scope="module")
def moved(world: Any) -> Iterator[tuple[Any, Api]]:
    """A generated world advanced 30 days (its own, so the shared one stays put), served by its own sandbox."""
    if isinstance(world, StandInWorld):
        pytest.skip("needs the generated world")
    from ats_pipeline.sandbox.world import World, WorldConfig

    moved_world = World.generate(WorldConfig(seed=42, applications=300))
    changes = moved_world.advance(30)
    assert changes["deleted_applications"] + changes["merged_candidates"] + changes["anonymized_candidates"] > 0
    with Sandbox(moved_world, vendors=["greenhouse"], settings={"greenhouse": FAST.model_copy(deep=True)}) as sandbox:
        endpoint = sandbox.endpoints()["greenhouse"]
        client = Api(endpoint, token(endpoint))
        yield moved_world, client
        client.http.close()
    moved_world.close()


def test_after_time_moves_deleted_and_merged_records_are_gone(moved: tuple[Any, Api]) -> None:
    world, client = moved
    for resource, table in WORLD_TABLE.items():
        key = "application_id" if table == "demographics" else "id"
        served = {r["id"] for r in client.crawl(resource)}
        columns = {c["column_name"] for c in rows(world, f"select column_name from (describe {table})")}
        gone: set[int] = set()
        if "deleted_at" in columns:
            gone = {r[key] for r in rows(world, f"select {key} from {table} where deleted_at is not null")}
        assert not served & gone, resource
        assert served == {r[key] for r in visible(world, table)}, resource
    merged = rows(world, "select id from candidates where merged_into_id is not null")
    assert merged and client.ok("candidates", ids=",".join(str(r["id"]) for r in merged)) == []


def test_after_time_moves_anonymized_and_multi_race_records_render(moved: tuple[Any, Api]) -> None:
    world, client = moved
    for row in visible(world, "candidates", "anonymized_at is not null"):
        [got] = client.ok("candidates", ids=row["id"])
        assert got["first_name"] is None and got["email_addresses"] == [] and got["phone_numbers"] == []
    for row in visible(world, "demographics", "len(races) > 1 and submitted_at is not null"):
        [eeoc] = client.ok("eeoc", application_ids=row["application_id"])
        assert eeoc["race"]["description"] == "Two or More Races"
        races = client.ok("demographic_answers", application_ids=row["application_id"], demographic_question_ids=2)
        assert len(races) == len(row["races"])


# --- edge cases on the hand-made world -----------------------------------------------------------------------------


def test_deleted_and_merged_records_are_hidden(edge: GreenhouseEmulator, edge_api: Api) -> None:
    candidates = {r["id"] for r in edge_api.crawl("candidates")}
    assert 4 not in candidates and 6 not in candidates and {1, 2, 3, 5} <= candidates  # 4 merged into 1, 6 deleted
    assert edge_api.ok("candidates", ids="4,6") == []
    assert 6 not in {r["id"] for r in edge_api.crawl("applications")}
    assert 3 not in {r["id"] for r in edge_api.crawl("attachments")}
    assert 3 not in {r["id"] for r in edge_api.crawl("candidate_educations")}
    assert 6 not in {r["application_id"] for r in edge_api.crawl("eeoc")}
    assert 6 not in {r["application_id"] for r in edge_api.crawl("demographic_answers")}
    assert 7 not in {r["id"] for r in edge_api.crawl("application_stages")}
    assert 3 not in {r["id"] for r in edge_api.crawl("jobs")}


def test_anonymized_candidate_has_empty_pii(edge: GreenhouseEmulator, edge_api: Api) -> None:
    [anon] = edge_api.ok("candidates", ids="5")
    assert anon["first_name"] is None and anon["last_name"] is None and anon["company"] is None
    assert anon["email_addresses"] == [] and anon["phone_numbers"] == [] and anon["addresses"] == []
    assert anon["can_email"] is False


def test_offer_scorecard_and_application_enums(edge: GreenhouseEmulator, edge_api: Api) -> None:
    offers = {r["id"]: r for r in edge_api.ok("offers")}
    assert {i: o["status"] for i, o in offers.items()} == {
        1: "Deprecated", 2: "Accepted", 3: "Accepted", 4: "Created", 5: "Rejected"
    }  # fmt: skip
    assert offers[1]["resolved_at"] is None and offers[4]["resolved_at"] is None and offers[2]["resolved_at"]
    assert offers[4]["sent_on"] == "2025-02-24" and offers[2]["starts_on"] == "2025-07-01"
    assert {r["id"] for r in edge_api.ok("offers", current_only="true")} == {2, 3, 4, 5}
    cards = {r["id"]: r for r in edge_api.ok("scorecards")}
    assert (cards[1]["status"], cards[3]["status"], cards[3]["submitter_id"]) == ("complete", "draft", None)
    assert cards[2]["candidate_rating"] == "strong_no"
    apps = {r["id"]: r for r in edge_api.ok("applications")}
    assert (apps[1]["status"], apps[2]["status"], apps[3]["status"]) == ("in_process", "rejected", "hired")
    assert apps[4]["prospect"] is True and apps[1]["stage_name"] == "Recruiter Screen"
    interviews = {r["id"]: r for r in edge_api.ok("interviews")}
    assert interviews[3]["status"] == "skipped" and interviews[1]["job_id"] == 1
    slots = {r["id"]: r for r in edge_api.ok("job_interviews")}
    assert all(slots[i["job_interview_id"]]["job_id"] == i["job_id"] for i in interviews.values())
    assert slots[interviews[2]["job_interview_id"]]["name"] == "Technical Interview"
    interviewers = {r["id"]: r for r in edge_api.ok("interviewers")}
    assert (interviewers[2]["scorecard_id"], interviewers[2]["email"]) == (2, "kate@example.com")


def test_reference_vocabularies(edge: GreenhouseEmulator, edge_api: Api) -> None:
    reasons = {r["id"]: r["type"] for r in edge_api.ok("rejection_reasons")}
    assert [reasons[i]["key"] for i in (1, 2, 3)] == ["WE_REJECTED_THEM", "THEY_REJECTED_US", "NONE_SPECIFIED"]
    assert set(reasons[1]) == {"id", "key", "name"}
    sources = {r["id"]: r["type"]["name"] for r in edge_api.ok("sources")}
    assert sources == {1: "Third-party boards", 2: "Referral", 3: "Agencies", 4: "Prospecting", 5: "Company marketing"}
    stages = edge_api.ok("job_interview_stages", job_ids="1")
    assert [s["sort_order"] for s in sorted(stages, key=lambda s: s["id"])] == [1, 2, 3, 4]
    openings = {r["id"]: r for r in edge_api.ok("openings")}
    assert openings[2]["close_reason_id"] == 1 and openings[2]["open"] is False
    assert openings[2]["target_start_on"] == "2025-05-01"
    educations = {r["id"]: r for r in edge_api.ok("candidate_educations")}
    options = {r["id"]: r["name"] for r in edge_api.crawl("custom_field_options")}
    assert options[educations[1]["school_name_custom_field_option_id"]] == "Cambridge"
    assert educations[2]["latest"] is True and educations[1]["latest"] is False
    assert (educations[1]["start_date_year"], educations[1]["end_date_month"]) == (2010, 6)


def test_eeoc_and_demographic_answers(edge: GreenhouseEmulator, edge_api: Api) -> None:
    eeoc = {r["application_id"]: r for r in edge_api.ok("eeoc")}
    assert eeoc[1]["race"] == {"id": 7, "description": "Two or More Races"}
    assert eeoc[1]["gender"] == {"id": 2, "description": "Female"}
    assert eeoc[2]["race"]["description"] == "Decline To Self Identify"
    assert eeoc[3]["gender"]["description"] == "Decline To Self Identify"  # non-binary on the US EEOC form
    assert eeoc[3]["veteran_status"]["description"].startswith("I identify as one or more")
    assert eeoc[5]["race"] == {"id": None, "description": None} and eeoc[5]["submitted_at"] is None
    answers = edge_api.ok("demographic_answers", application_ids="1")
    options = {r["id"]: r for r in edge_api.ok("demographic_answer_options")}
    chosen = sorted(options[a["demographic_answer_option_id"]]["name"] for a in answers)
    assert chosen == sorted(
        ["Woman", "Asian", "White", "I am not a protected veteran", "No, I don't have a disability"]
    )
    assert len({a["id"] for a in answers}) == 5
    declined = edge_api.ok("demographic_answers", application_ids="2")  # a man who declined everything else
    assert sorted(options[a["demographic_answer_option_id"]]["decline_to_answer"] for a in declined) == [
        False, True, True, True
    ]  # fmt: skip
    assert edge_api.ok("demographic_answers", application_ids="5") == []
    races = edge_api.ok("demographic_answers", application_ids="1", demographic_question_ids="2")
    assert len(races) == 2


# --- attachments ---------------------------------------------------------------------------------------------------


def test_signed_attachment_url_serves_the_file_until_it_expires(edge: GreenhouseEmulator, edge_api: Api) -> None:
    [record] = edge_api.ok("attachments", ids="1")
    url = record["url"]
    assert re.search(r"/attachments/1/download\?expires=\d+&signature=[0-9a-f]+$", url)
    served = httpx.get(url)
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    assert served.headers["content-type"] == "application/pdf"
    tampered = httpx.get(url.replace("/attachments/1/", "/attachments/2/"))
    assert tampered.status_code == 403
    later = re.sub(r"expires=(\d+)", lambda m: f"expires={int(m.group(1)) + 1}", url)
    assert httpx.get(later).status_code == 403
    edge.attachment_url_ttl_seconds = -5
    [stale] = edge_api.ok("attachments", ids="1")
    expired = httpx.get(stale["url"])
    assert expired.status_code == 403 and b"expired" in expired.content


# --- a third-party client ------------------------------------------------------------------------------------------


def test_dlt_rest_client_pages_through_with_only_the_base_url_changed(
    gh: GreenhouseEmulator, api: Api, world: Any
) -> None:
    from dlt.sources.helpers.rest_client import RESTClient
    from dlt.sources.helpers.rest_client.auth import BearerTokenAuth
    from dlt.sources.helpers.rest_client.paginators import HeaderLinkPaginator

    bearer = api.http.headers["Authorization"].removeprefix("Bearer ")
    client = RESTClient(
        base_url=api.endpoint["base_url"], auth=BearerTokenAuth(bearer), paginator=HeaderLinkPaginator()
    )
    ids = [r["id"] for page in client.paginate("/applications", params={"per_page": 100}) for r in page]
    assert sorted(ids) == sorted(r["id"] for r in visible(world, "applications"))
    queries = [e.query_string for e in gh.request_log.requests_for("/v3/applications")]
    assert queries[0] == "per_page=100" and all(q.startswith("cursor=") and "&" not in q for q in queries[1:])


def test_resources_cover_the_catalogue() -> None:
    assert set(KEYS) <= set(RESOURCES)
