"""Conformance of the Ashby emulator, over real HTTP on loopback (ats_apis.md §3, §10.1).

Two sandboxes: one over a generated world (counts, paging, sync tokens after time moves, sampled records) and one
over the small hand-made world whose edge cases are known exactly (deleted and merged candidates, an anonymized
one, a deleted job, a deactivated user, every offer status).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from ats_pipeline.sandbox.emulator.registry import emulator_classes
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.ashby import AshbyEmulator
from ats_pipeline.sandbox.emulators.ashby.ids import decode, uid
from ats_pipeline.sandbox.emulators.ashby.resources import ENDPOINTS
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline_tests.sandbox.standin_world import StandInWorld

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))
SYNC = sorted(name for name, e in ENDPOINTS.items() if e.sync)
REFERENCE = sorted(name for name, e in ENDPOINTS.items() if not e.sync)
ALL_JOBS = {"status": ["Draft", "Open", "Closed", "Archived"]}

# endpoint -> (id kind, SQL over the world listing the world ids it shows)
SHOWN = {
    "department.list": ("department", "select id from departments"),
    "location.list": ("location", "select id from offices"),
    "source.list": ("source", "select id from sources"),
    "archiveReason.list": ("archive_reason", "select id from rejection_reasons"),
    "interviewPlan.list": ("interview_plan", "select id from jobs where deleted_at is null"),
    "user.list": ("user", "select id from users where is_active"),
    "job.list": ("job", "select id from jobs where deleted_at is null and status <> 'draft'"),
    "candidate.list": ("candidate", "select id from candidates where deleted_at is null"),
    "application.list": ("application", "select id from applications where deleted_at is null"),
    "applicationFeedback.list": (
        "feedback", "select id from scorecards where deleted_at is null and submitted_at is not null"
    ),
    "interviewSchedule.list": ("interview_schedule", "select id from interviews where deleted_at is null"),
    "offer.list": ("offer", "select distinct application_id from offers where deleted_at is null"),
}  # fmt: skip

# Every documented key of each record (ats_apis.md §3.5).
KEYS = {
    "candidate.list": {
        "id", "createdAt", "updatedAt", "name", "primaryEmailAddress", "emailAddresses", "primaryPhoneNumber",
        "phoneNumbers", "socialLinks", "tags", "position", "company", "school", "applicationIds", "resumeFileHandle",
        "fileHandles", "customFields", "profileUrl", "source", "creditedToUser", "timezone", "location", "fraudStatus",
    },
    "application.list": {
        "id", "createdAt", "updatedAt", "status", "customFields", "candidate", "currentInterviewStage", "source",
        "archiveReason", "archivedAt", "job", "creditedToUser", "hiringTeam", "appliedViaJobPostingId",
        "submitterClientIp", "submitterUserAgent",
    },
    "interviewSchedule.list": {
        "id", "status", "applicationId", "interviewStageId", "scheduledBy", "createdAt", "updatedAt", "interviewEvents",
    },
    "applicationFeedback.list": {
        "id", "applicationId", "applicationHistoryId", "feedbackFormDefinitionId", "interviewId", "interviewEventId",
        "submittedAt", "submittedByUser", "formDefinition", "submittedValues",
    },
    "offer.list": {"id", "decidedAt", "applicationId", "acceptanceStatus", "offerStatus", "latestVersion"},
    "job.list": {
        "id", "title", "confidential", "status", "employmentType", "locationId", "departmentId",
        "defaultInterviewPlanId", "interviewPlanIds", "customFields", "jobPostingIds", "customRequisitionId",
        "brandId", "hiringTeam", "author", "createdAt", "updatedAt", "openedAt", "closedAt",
    },
    "user.list": {"id", "firstName", "lastName", "email", "globalRole", "isEnabled", "updatedAt", "managerId",
                  "customFields"},
    "source.list": {"id", "title", "isArchived", "sourceType"},
    "archiveReason.list": {"id", "text", "reasonType", "isArchived", "customFields"},
    "department.list": {"id", "name", "externalName", "isArchived", "parentId", "createdAt", "updatedAt"},
    "location.list": {"id", "name", "externalName", "isArchived", "isRemote", "address", "parentLocationId",
                      "timezone"},
    "interviewPlan.list": {"id", "title", "isArchived", "createdAt", "updatedAt"},
}  # fmt: skip
HISTORY_KEYS = {"id", "stageId", "title", "enteredStageAt", "leftStageAt", "stageNumber", "allowedActions", "actorId"}
STAGE_KEYS = {"id", "title", "type", "orderInInterviewPlan", "interviewStageGroupId", "interviewPlanId"}


class Api:
    def __init__(self, endpoint: dict[str, Any], key: str | None = None) -> None:
        self.endpoint = endpoint
        self.http = httpx.Client(base_url=endpoint["base_url"], auth=(key or endpoint["api_key"], ""), timeout=30)

    def post(self, method: str, **body: Any) -> httpx.Response:
        return self.http.post(f"/{method}", json=body)

    def ok(self, method: str, **body: Any) -> dict[str, Any]:
        response = self.post(method, **body)
        assert response.status_code == 200 and response.json()["success"] is True, (method, response.text)
        return response.json()

    def refused(self, method: str, code: str, http_status: int = 200, /, **body: Any) -> dict[str, Any]:
        response = self.post(method, **body)
        payload = response.json()
        assert response.status_code == http_status, (method, response.status_code, response.text)
        assert payload["success"] is False and payload["errors"] == [code] and payload["errorInfo"]["code"] == code
        assert payload["errorInfo"]["message"] and uuid.UUID(payload["errorInfo"]["requestId"])
        return payload

    def crawl(self, method: str, **body: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Every record of a listing, following cursors until moreDataAvailable is false; and the last page.
        Later requests repeat the first one's fields, as clients do (``application.listHistory`` requires it)."""
        records: list[dict[str, Any]] = []
        page = self.ok(method, **body)
        while True:
            records.extend(page["results"])
            if not page["moreDataAvailable"]:
                return records, page
            page = self.ok(method, **{**body, "cursor": page["nextCursor"]})


def shown(world: Any, method: str) -> set[str]:
    kind, sql = SHOWN[method]
    with world.cursor() as cur:
        return {uid(kind, r[0]) for r in cur.execute(sql).fetchall()}  # type: ignore[misc]


def _restoring(emulator: AshbyEmulator) -> Iterator[AshbyEmulator]:
    saved, ttl = emulator.settings.model_copy(deep=True), emulator.sync_token_ttl
    emulator.reset()
    yield emulator
    for name in EmulatorSettings.model_fields:
        setattr(emulator.settings, name, getattr(saved, name))
    emulator.sync_token_ttl = ttl
    emulator.tokens.cursor_ttl_seconds = saved.cursor_ttl_seconds
    emulator.reset()


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World.generate(WorldConfig(seed=5, applications=150))
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["ashby"], settings={"ashby": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture
def ashby(box: Sandbox) -> Iterator[AshbyEmulator]:
    yield from _restoring(box.emulators["ashby"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def api(box: Sandbox) -> Iterator[Api]:
    client = Api(box.endpoints()["ashby"])
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def edge_world() -> Iterator[StandInWorld]:
    world = StandInWorld(bulk=0)
    yield world
    world.close()


@pytest.fixture(scope="module")
def edge_box(edge_world: StandInWorld) -> Iterator[Sandbox]:
    with Sandbox(edge_world, vendors=["ashby"]) as sandbox:  # default settings: the vendor's default rate limit
        yield sandbox


@pytest.fixture
def edge(edge_box: Sandbox) -> Iterator[AshbyEmulator]:
    yield from _restoring(edge_box.emulators["ashby"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def edge_api(edge_box: Sandbox) -> Iterator[Api]:
    client = Api(edge_box.endpoints()["ashby"])
    yield client
    client.http.close()


# --- registry, transport, auth (§3.1) ------------------------------------------------------------------------------


def test_registry_discovers_the_ashby_module_and_its_credentials(box: Sandbox) -> None:
    assert emulator_classes()["ashby"] is AshbyEmulator
    endpoint = box.endpoints()["ashby"]
    assert endpoint["base_url"] == box.url("ashby")
    assert {"api_key", "limited_api_key", "deactivated_api_key"} <= set(endpoint)


def test_every_endpoint_is_a_post_with_a_json_body(ashby: AshbyEmulator, api: Api) -> None:
    assert api.http.get("/candidate.list").status_code == 405
    assert api.http.post("/candidate.list").json()["success"] is True  # an empty body is as good as {}
    assert api.http.post("/nothing.here", json={}).status_code == 404
    bad = api.http.post("/candidate.list", content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 200 and bad.json()["errorInfo"]["code"] == "invalid_input"


def test_missing_key_is_401_and_wrong_or_deactivated_keys_are_403(ashby: AshbyEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["ashby"]
    assert httpx.post(f"{endpoint['base_url']}/candidate.list", json={}).status_code == 401
    assert httpx.post(f"{endpoint['base_url']}/candidate.list", json={}).json()["errorInfo"]["code"] == (
        "missing_api_key"
    )
    Api(endpoint, "not-a-key").refused("candidate.list", "invalid_api_key", 403)
    Api(endpoint, endpoint["deactivated_api_key"]).refused("candidate.list", "api_key_deactivated", 403)
    # Airbyte sends the key as username *and* password: accepted too
    both = httpx.post(f"{endpoint['base_url']}/candidate.list", json={}, auth=(endpoint["api_key"],) * 2)
    assert both.json()["success"] is True


def test_a_key_without_a_module_permission_gets_403_missing_endpoint_permission(
    ashby: AshbyEmulator, box: Sandbox
) -> None:
    limited = Api(box.endpoints()["ashby"], box.endpoints()["ashby"]["limited_api_key"])
    limited.refused("offer.list", "missing_endpoint_permission", 403)
    assert limited.ok("candidate.list")["results"]


# --- paging (§3.2) -------------------------------------------------------------------------------------------------


def test_limit_defaults_to_100_is_capped_at_100_and_must_be_a_positive_integer(ashby: AshbyEmulator, api: Api) -> None:
    assert len(api.ok("application.list")["results"]) == 100
    assert len(api.ok("application.list", limit=500)["results"]) == 100
    assert len(api.ok("application.list", limit=7)["results"]) == 7
    api.refused("application.list", "invalid_input", limit=0)
    api.refused("application.list", "invalid_input", limit="10")


def test_pages_follow_cursors_until_more_data_available_is_false(ashby: AshbyEmulator, api: Api, world: World) -> None:
    records, last = api.crawl("candidate.list", limit=40)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) and set(ids) == shown(world, "candidate.list")
    assert last["moreDataAvailable"] is False and last["syncToken"]


def test_the_last_page_still_carries_a_stale_next_cursor_that_replays_it(ashby: AshbyEmulator, api: Api) -> None:
    first = api.ok("application.list", limit=100)
    last = api.ok("application.list", cursor=first["nextCursor"], limit=100)
    assert last["moreDataAvailable"] is False and last["nextCursor"]
    again = api.ok("application.list", cursor=last["nextCursor"], limit=100)
    assert [r["id"] for r in again["results"]] == [r["id"] for r in last["results"]]  # loop on it and never stop
    single = api.ok("department.list")
    assert single["moreDataAvailable"] is False and single["nextCursor"] and "syncToken" not in single


def test_a_cursor_carries_the_filters_and_must_be_genuine(ashby: AshbyEmulator, api: Api, world: World) -> None:
    first = api.ok("application.list", status="Archived", limit=10)
    rest, _ = api.crawl("application.list", cursor=first["nextCursor"])
    assert {r["status"] for r in first["results"] + rest} == {"Archived"}
    api.refused("application.list", "cursor_invalid", cursor=first["nextCursor"][:-3] + "AAA")
    api.refused("candidate.list", "cursor_invalid", cursor=first["nextCursor"])  # another endpoint's cursor
    ashby.tokens.cursor_ttl_seconds = 0.0
    expired = api.ok("application.list", limit=10)["nextCursor"]
    api.refused("application.list", "cursor_invalid", cursor=expired)


def test_paging_is_stable_while_records_are_added(ashby: AshbyEmulator, api: Api) -> None:
    first = api.ok("application.list", limit=50)
    rest, _ = api.crawl("application.list", cursor=first["nextCursor"])
    ids = [r["id"] for r in first["results"] + rest]
    assert len(ids) == len(set(ids))


# --- filters -------------------------------------------------------------------------------------------------------


def test_created_after_takes_epoch_milliseconds(ashby: AshbyEmulator, api: Api, world: World) -> None:
    with world.cursor() as cur:
        cutoff = cur.execute("select quantile_disc(created_at, 0.5) from applications").fetchone()[0]
        expected = {uid("application", r[0]) for r in cur.execute(
            "select id from applications where deleted_at is null and created_at > ?", [cutoff]).fetchall()}  # fmt: skip
    millis = int((cutoff - datetime(1970, 1, 1)).total_seconds() * 1000)
    records, _ = api.crawl("application.list", createdAfter=millis)
    assert {r["id"] for r in records} == expected and len(expected) > 0
    api.refused("department.list", "invalid_input", createdAfter=millis)  # reference lists take no createdAfter
    api.refused("application.list", "invalid_input", createdAfter="yesterday")


def test_application_filters(ashby: AshbyEmulator, api: Api, world: World) -> None:
    everything, _ = api.crawl("application.list")
    job = everything[0]["job"]["id"]
    by_job, _ = api.crawl("application.list", jobId=job)
    assert by_job and all(r["job"]["id"] == job for r in by_job)
    assert {r["id"] for r in by_job} == {r["id"] for r in everything if (r["job"] or {}).get("id") == job}
    for status in ("Active", "Hired", "Archived", "Lead"):
        subset, _ = api.crawl("application.list", status=status)
        assert {r["id"] for r in subset} == {r["id"] for r in everything if r["status"] == status}
    api.refused("application.list", "invalid_input", status="Rejected")
    api.refused("application.list", "invalid_input", jobId="not-a-uuid")
    assert api.ok("application.list", jobId=str(uuid.uuid4()))["results"] == []


def test_job_list_hides_drafts_and_user_list_deactivated_users_unless_asked(
    edge: AshbyEmulator, edge_api: Api, edge_world: StandInWorld
) -> None:
    with edge_world.cursor() as cur:
        cur.execute("update jobs set status = 'draft' where id = 2")
    try:
        default = {r["id"] for r in edge_api.ok("job.list")["results"]}
        everything = {r["id"]: r["status"] for r in edge_api.ok("job.list", **ALL_JOBS)["results"]}
    finally:
        with edge_world.cursor() as cur:
            cur.execute("update jobs set status = 'closed' where id = 2")
    assert default == {uid("job", 1)} and everything == {uid("job", 1): "Open", uid("job", 2): "Draft"}
    assert {r["id"] for r in edge_api.ok("user.list")["results"]} == {uid("user", i) for i in (1, 2, 3)}
    users = edge_api.ok("user.list", includeDeactivated=True)["results"]
    assert {r["id"]: r["isEnabled"] for r in users}[uid("user", 4)] is False and len(users) == 4


# --- content -------------------------------------------------------------------------------------------------------


def test_every_list_shows_exactly_the_worlds_visible_rows(ashby: AshbyEmulator, api: Api, world: World) -> None:
    for method in SHOWN:
        records, _ = api.crawl(method)
        ids = [r["id"] for r in records]
        assert len(ids) == len(set(ids)) and set(ids) == shown(world, method), method


def test_every_documented_key_is_present_with_iso_timestamps(ashby: AshbyEmulator, api: Api) -> None:
    for method, keys in KEYS.items():
        records = api.ok(method, limit=30, **(ALL_JOBS if method == "job.list" else {}))["results"]
        assert records, method
        for record in records:
            assert set(record) == keys, (method, set(record) ^ keys)
            for key in ("createdAt", "updatedAt", "archivedAt", "submittedAt", "decidedAt", "openedAt", "closedAt"):
                assert record.get(key) is None or TS.match(record[key]), (method, key, record[key])
            assert uuid.UUID(record["id"]).version == 4


def test_sampled_applications_match_the_world(ashby: AshbyEmulator, api: Api, world: World) -> None:
    records, _ = api.crawl("application.list")
    with world.cursor() as cur:
        rows = {r[0]: r for r in cur.execute(
            "select a.id, a.status, a.is_prospect, a.candidate_id, a.job_id, a.rejected_at, a.updated_at, "
            "c.first_name, c.last_name, s.name from applications a join candidates c on c.id = a.candidate_id "
            "left join job_stages s on s.id = a.current_stage_id where a.deleted_at is null").fetchall()}  # fmt: skip
    status = {"hired": "Hired", "rejected": "Archived"}
    for record in records[::7]:
        ident, world_status, prospect, cand, job, rejected, updated, first, last, stage = rows[
            decode("application", record["id"])
        ]  # type: ignore[index]  # noqa: E501
        assert record["status"] == status.get(world_status, "Lead" if prospect else "Active")
        assert record["candidate"]["id"] == uid("candidate", cand)
        assert record["candidate"]["name"] == (f"{first} {last}" if first else None)
        assert (record["job"] or {}).get("id") == uid("job", job)
        assert (record["currentInterviewStage"] or {}).get("title") == stage
        assert record["archivedAt"] == (rejected.isoformat(timespec="milliseconds") + "Z" if rejected else None)
        assert record["updatedAt"] == updated.isoformat(timespec="milliseconds") + "Z"


def test_application_history_is_one_call_per_application(ashby: AshbyEmulator, api: Api, world: World) -> None:
    apps, _ = api.crawl("application.list")
    for app in apps[:25]:
        history, last = api.crawl("application.listHistory", applicationId=app["id"])
        with world.cursor() as cur:
            visits = cur.execute(
                "select v.id, s.name from application_stages v join job_stages s on s.id = v.job_stage_id "
                "where v.application_id = ? and v.deleted_at is null order by v.entered_at, v.id",
                [decode("application", app["id"])],
            ).fetchall()
        assert [(h["id"], h["title"]) for h in history] == [(uid("application_history", v), n) for v, n in visits]
        assert [h["stageNumber"] for h in history] == list(range(len(history)))
        assert all(set(h) == HISTORY_KEYS for h in history) and "syncToken" not in last
    longest = max(apps[:25], key=lambda a: len(api.ok("application.listHistory", applicationId=a["id"])["results"]))
    paged, _ = api.crawl("application.listHistory", applicationId=longest["id"], limit=1)
    assert paged == api.ok("application.listHistory", applicationId=longest["id"])["results"]


def test_application_history_needs_an_existing_application(ashby: AshbyEmulator, api: Api) -> None:
    api.refused("application.listHistory", "invalid_input")
    api.refused("application.listHistory", "invalid_input", applicationId="nope")
    api.refused("application.listHistory", "application_not_found", applicationId=str(uuid.uuid4()))
    api.refused("application.listHistory", "application_not_found", applicationId=uid("candidate", 1))


def test_interview_stages_are_listed_per_plan_unpaginated(ashby: AshbyEmulator, api: Api, world: World) -> None:
    api.refused("interviewStage.list", "invalid_input")
    api.refused("interviewStage.list", "interview_plan_not_found", interviewPlanId=str(uuid.uuid4()))
    plans, _ = api.crawl("interviewPlan.list")
    total = 0
    for plan in plans:
        page = api.ok("interviewStage.list", interviewPlanId=plan["id"])
        assert "moreDataAvailable" not in page and "nextCursor" not in page
        stages = page["results"]
        assert all(set(s) == STAGE_KEYS and s["interviewPlanId"] == plan["id"] for s in stages)
        assert [s["orderInInterviewPlan"] for s in stages] == list(range(1, len(stages) + 1))
        assert stages[0]["type"] == "PreInterviewScreen" and {s["type"] for s in stages} <= {
            "PreInterviewScreen", "Active", "Offer"}  # fmt: skip
        total += len(stages)
    with world.cursor() as cur:
        assert total == cur.execute("select count(*) from job_stages").fetchone()[0]


def test_deleted_merged_and_anonymized_candidates(edge: AshbyEmulator, edge_api: Api) -> None:
    candidates = {r["id"]: r for r in edge_api.crawl("candidate.list")[0]}
    assert uid("candidate", 4) not in candidates and uid("candidate", 6) not in candidates  # merged, deleted
    anonymized = candidates[uid("candidate", 5)]
    assert anonymized["name"] is None and anonymized["primaryEmailAddress"] is None
    assert anonymized["emailAddresses"] == [] and anonymized["phoneNumbers"] == []
    apps = {r["id"] for r in edge_api.crawl("application.list")[0]}
    assert uid("application", 6) not in apps
    assert uid("job", 3) not in {r["id"] for r in edge_api.ok("job.list", **ALL_JOBS)["results"]}
    ada = candidates[uid("candidate", 1)]
    assert uid("application", 1) in ada["applicationIds"] and ada["resumeFileHandle"]["name"] == "ada_resume.pdf"


def test_one_offer_per_application_with_its_latest_version(edge: AshbyEmulator, edge_api: Api) -> None:
    offers = {r["applicationId"]: r for r in edge_api.ok("offer.list")["results"]}
    expected = {3: ("CandidateAccepted", "Accepted", 2), 7: ("OfferCancelled", "Cancelled", 3),
                1: ("WaitingOnCandidateResponse", "WaitingOnResponse", 4), 2: ("CandidateRejected", "Declined", 5)}  # fmt: skip
    assert set(offers) == {uid("application", a) for a in expected}
    for app, (status, acceptance, version) in expected.items():
        offer = offers[uid("application", app)]
        assert (offer["offerStatus"], offer["acceptanceStatus"]) == (status, acceptance)
        assert offer["latestVersion"]["id"] == uid("offer_version", version)
        assert (offer["decidedAt"] is None) == (app == 1)


def test_ids_are_uuid4_strings_that_decode_only_for_their_kind() -> None:
    for ident in (1, 2, 150, 10**9):
        value = uid("application", ident)
        assert uuid.UUID(value).version == 4 and decode("application", value) == ident
        assert decode("candidate", value) is None
    assert decode("application", str(uuid.uuid4())) is None
    assert uid("application", 1)[-12:] != uid("application", 2)[-12:]


# --- rate limits (§3.3) and faults ---------------------------------------------------------------------------------


def test_over_the_limit_is_429_with_retry_after_and_no_rate_limit_headers(
    ashby: AshbyEmulator, api: Api, box: Sandbox
) -> None:
    ashby.settings.rate_limit = RateLimitSettings(limit=3, window_seconds=1)
    responses = [api.post("department.list") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].json()["errorInfo"]["code"] == "rate_limit_exceeded"
    assert int(responses[-1].headers["Retry-After"]) >= 1
    assert not [h for r in responses for h in r.headers if h.lower().startswith("x-ratelimit")]  # none documented
    other = Api(box.endpoints()["ashby"], box.endpoints()["ashby"]["limited_api_key"])  # limits are per key
    assert other.post("department.list").status_code == 200
    time.sleep(1.05)
    assert api.post("department.list").status_code == 200


def test_default_limit_is_a_token_bucket_of_15_per_second(edge: AshbyEmulator, edge_api: Api) -> None:
    default = AshbyEmulator.default_rate_limit()
    assert (default.kind, default.limit, default.window_seconds, default.burst) == ("token_bucket", 15, 1.0, 15)
    statuses = [edge_api.post("department.list").status_code for _ in range(40)]
    assert statuses.count(429) >= 1 and statuses[:15] == [200] * 15


def test_error_and_reset_knobs(ashby: AshbyEmulator, api: Api) -> None:
    ashby.settings.faults.error_rate = 0.4
    statuses = [api.post("department.list").status_code for _ in range(60)]
    assert 0.2 <= sum(s >= 500 for s in statuses) / 60 <= 0.6
    ashby.settings.faults.error_rate = 0.0
    ashby.settings.faults.reset_rate = 0.4
    dropped = 0
    for _ in range(40):
        try:
            api.post("department.list")
        except (httpx.RemoteProtocolError, httpx.ReadError):  # a dropped connection reads as either
            dropped += 1
    assert 6 <= dropped <= 28


# --- sync tokens (§3.2), last: these move the world ----------------------------------------------------------------


def test_sync_tokens_are_per_endpoint_and_only_on_sync_endpoints(ashby: AshbyEmulator, api: Api) -> None:
    for method in SYNC:
        _, last = api.crawl(method, **(ALL_JOBS if method == "job.list" else {}))
        fresh = api.ok(method, syncToken=last["syncToken"], **(ALL_JOBS if method == "job.list" else {}))
        assert fresh["results"] == [] and fresh["syncToken"], method  # nothing changed since
    token = api.crawl("candidate.list")[1]["syncToken"]
    api.refused("application.list", "invalid_input", syncToken=token)
    api.refused("application.list", "invalid_input", syncToken="made-up")
    for method in REFERENCE:
        api.refused(method, "invalid_input", syncToken=token)


def test_a_sync_token_returns_exactly_what_changed_and_no_deletions(
    ashby: AshbyEmulator, api: Api, world: World
) -> None:
    tokens = {m: api.crawl(m, **(ALL_JOBS if m == "job.list" else {}))[1]["syncToken"] for m in SYNC}
    before_ids = {m: shown(world, m) for m in ("candidate.list", "application.list")}
    before = world.now
    changes = world.advance(10)
    assert changes.get("new_applications", 0) > 0
    with world.cursor() as cur:
        changed = {
            "candidate.list": ("candidate", "select id from candidates where deleted_at is null and updated_at > ?"),
            "application.list": ("application", """select a.id from applications a join candidates c
                on c.id = a.candidate_id where a.deleted_at is null and greatest(a.updated_at, c.updated_at) > ?"""),
            "applicationFeedback.list": ("feedback", """select id from scorecards where deleted_at is null
                and submitted_at is not null and updated_at > ?"""),
        }  # fmt: skip
        expected = {m: {uid(k, r[0]) for r in cur.execute(sql, [before]).fetchall()} for m, (k, sql) in changed.items()}
    for method, ids in expected.items():
        delta, last = api.crawl(method, syncToken=tokens[method], limit=20)
        assert {r["id"] for r in delta} == ids and ids, method
        assert last["syncToken"] != tokens[method]
    # deletions and merges never appear in a delta: they are only visible as ids missing from a full listing
    gone = before_ids["candidate.list"] - shown(world, "candidate.list")
    delta, _ = api.crawl("candidate.list", syncToken=tokens["candidate.list"])
    assert gone and not gone & {r["id"] for r in delta}


def test_an_expired_sync_token_is_refused_with_sync_token_expired(ashby: AshbyEmulator, api: Api, world: World) -> None:
    token = api.crawl("application.list")[1]["syncToken"]
    ashby.sync_token_ttl = timedelta(days=1)
    world.advance(2)
    api.refused("application.list", "sync_token_expired", syncToken=token)
    assert api.ok("application.list", limit=1)["results"]  # a full sync still works
