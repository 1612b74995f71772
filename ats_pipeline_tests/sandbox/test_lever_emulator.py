"""Conformance of the Lever Data API v1 emulator, over real HTTP on loopback (ats_apis.md §2, §8, §9, §10.1).

Two sandboxes: one over a generated world (counts, paging, filters, sampled records, time moves) and one over a
small hand-made world whose edge cases are known exactly (deletes, merges, anonymization, every enum mapping).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest

from ats_pipeline.sandbox.emulator.base import LoggedRequest
from ats_pipeline.sandbox.emulator.ratelimit import RateLimiter as ServerRateLimiter
from ats_pipeline.sandbox.emulator.registry import emulator_classes
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.lever import LeverEmulator
from ats_pipeline.sandbox.emulators.lever.ids import lever_id, ms, neutral_id
from ats_pipeline.sandbox.emulators.lever.resources import CHILD_LISTS, LISTS
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline_tests.sandbox.standin_world import StandInWorld

FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))
UUID_LEN = 36

# Every documented key of each record (ats_apis.md §2.6, §2.7, §2.10).
KEYS: dict[str, set[str]] = {
    "opportunities": {
        "id", "name", "headline", "contact", "stage", "confidentiality", "location", "phones", "emails", "links",
        "archived", "tags", "sources", "stageChanges", "origin", "sourcedBy", "owner", "followers", "applications",
        "createdAt", "updatedAt", "lastInteractionAt", "lastAdvancedAt", "snoozedUntil", "urls", "isAnonymized",
        "dataProtection", "opportunityLocation",
    },
    "applications": {
        "id", "opportunityId", "candidateId", "createdAt", "type", "posting", "postingHiringManager", "postingOwner",
        "user", "name", "email", "phone", "company", "links", "comments", "customQuestions", "archived",
        "requisitionForHire",
    },
    "interviews": {
        "id", "panel", "subject", "note", "interviewers", "timezone", "createdAt", "date", "duration", "location",
        "feedbackTemplate", "feedbackForms", "feedbackReminder", "user", "stage", "canceledAt", "postings",
        "gcalEventUrl",
    },
    "panels": {
        "id", "applications", "canceledAt", "createdAt", "start", "end", "timezone", "feedbackReminder", "note",
        "stage", "user", "externalUrl", "externallyManaged", "interviews",
    },
    "feedback": {
        "id", "type", "text", "instructions", "fields", "baseTemplateId", "interview", "panel", "user", "createdAt",
        "completedAt", "updatedAt", "deletedAt",
    },
    "offers": {
        "id", "createdAt", "status", "creator", "fields", "signatures", "approved", "approvedAt", "sentAt",
        "posting", "sentDocument", "signedDocument",
    },
    "postings": {
        "id", "text", "state", "distributionChannels", "user", "owner", "hiringManager", "followers", "categories",
        "tags", "content", "country", "workplaceType", "confidentiality", "createdAt", "updatedAt",
        "requisitionCodes", "urls",
    },
    "users": {
        "id", "name", "username", "email", "accessRole", "photo", "createdAt", "deactivatedAt",
        "externalDirectoryId", "linkedContactIds", "jobTitle", "managerId",
    },
    "requisitions": {
        "id", "requisitionCode", "name", "backfill", "confidentiality", "createdAt", "creator", "headcountHired",
        "headcountInfinite", "headcountTotal", "hiringManager", "owner", "status", "compensationBand",
        "employmentStatus", "location", "internalNotes", "postings", "team", "department", "offerIds", "approval",
        "timeToFillStartAt", "timeToFillEndAt", "customFields",
    },
    "stages": {"id", "text"},
    "archive_reasons": {"id", "text", "status", "type"},
    "sources": {"text", "count"},
    "eeo/responses": {
        "gender", "race", "veteran", "disability", "disabilitySignatureDate", "currentStage", "appliedAt",
        "applicationArchivedAt", "applicationArchivedBy",
    },
    "eeo/responses/pii": {
        "id", "opportunityId", "posting", "createdAt", "gender", "race", "veteran", "disability",
        "disabilitySignatureDate",
    },
}  # fmt: skip
# Keys holding epoch milliseconds (or null).
MS_KEYS = {
    "createdAt", "updatedAt", "lastInteractionAt", "lastAdvancedAt", "snoozedUntil", "archivedAt", "date",
    "canceledAt", "start", "end", "completedAt", "deletedAt", "approvedAt", "sentAt", "deactivatedAt", "appliedAt",
    "applicationArchivedAt", "timeToFillStartAt", "timeToFillEndAt", "signedAt", "firstOpenedAt", "lastOpenedAt",
    "uploadedAt",
}  # fmt: skip


# --- fixtures ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World.generate(WorldConfig(seed=42, applications=120))
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["lever"], settings={"lever": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def edge_world() -> Iterator[StandInWorld]:
    world = StandInWorld(bulk=30)
    yield world
    world.close()


@pytest.fixture(scope="module")
def edge_box(edge_world: StandInWorld) -> Iterator[Sandbox]:
    with Sandbox(edge_world, vendors=["lever"], settings={"lever": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


def _restoring(emulator: LeverEmulator) -> Iterator[LeverEmulator]:
    saved = emulator.settings.model_copy(deep=True)
    emulator.reset()
    yield emulator
    for name in EmulatorSettings.model_fields:
        setattr(emulator.settings, name, getattr(saved, name))
    emulator.reset()


@pytest.fixture
def lv(box: Sandbox) -> Iterator[LeverEmulator]:
    """The main emulator, with knobs restored and log/limits/fault sequence reset around each test."""
    yield from _restoring(box.emulators["lever"])  # type: ignore[arg-type]


@pytest.fixture
def edge(edge_box: Sandbox) -> Iterator[LeverEmulator]:
    yield from _restoring(edge_box.emulators["lever"])  # type: ignore[arg-type]


class Api:
    def __init__(self, endpoint: dict[str, Any], key: str | None = None) -> None:
        self.endpoint = endpoint
        self.http = httpx.Client(auth=(key or endpoint["api_key"], ""), timeout=30)

    def url(self, path: str) -> str:
        return f"{self.endpoint['base_url']}/{path}"

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(self.url(path), params=params)

    def ok(self, path: str, **params: Any) -> list[dict[str, Any]]:
        response = self.get(path, **params)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()["data"]

    def pages(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every page body of a list, following ``next`` (the token passed back as Lever clients do)."""
        params.setdefault("limit", 100)
        bodies = []
        while True:
            response = self.get(path, **params)
            assert response.status_code == 200, (path, response.text)
            body = response.json()
            bodies.append(body)
            if not body["hasNext"]:
                return bodies
            params["offset"] = body["next"]

    def crawl(self, path: str, **params: Any) -> list[dict[str, Any]]:
        return [record for body in self.pages(path, **params) for record in body["data"]]


@pytest.fixture(scope="module")
def api(box: Sandbox) -> Iterator[Api]:
    client = Api(box.endpoints()["lever"])
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def edge_api(edge_box: Sandbox) -> Iterator[Api]:
    client = Api(edge_box.endpoints()["lever"])
    yield client
    client.http.close()


def rows(world: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with world.cursor() as cur:
        cur.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def scalar(world: Any, sql: str, params: list[Any] | None = None) -> Any:
    with world.cursor() as cur:
        return cur.execute(sql, params or []).fetchone()[0]


def opp(n: int) -> str:
    return lever_id("opportunity", n)


def world_ids(world: Any, sql: str) -> set[int]:
    return {r["id"] for r in rows(world, sql)}


# --- registry, sandbox, log, ids ----------------------------------------------------------------------------------


def test_registry_discovers_lever_and_endpoints_carry_both_keys(box: Sandbox) -> None:
    assert emulator_classes()["lever"] is LeverEmulator
    endpoint = box.endpoints()["lever"]
    assert endpoint["base_url"] == box.url("lever") + "/v1"
    assert endpoint["api_key"] == "sandbox-lever-key" and endpoint["limited_api_key"] == "sandbox-lever-key-no-eeo-pii"


def test_request_log_records_method_path_query_and_status(lv: LeverEmulator, api: Api) -> None:
    api.ok("stages", limit=2)
    api.get("nope")
    assert lv.request_log[0] == LoggedRequest("GET", "/v1/stages", "limit=2", 200)
    assert lv.request_log.statuses("/v1/nope") == [404]


def test_ids_are_uuids_stable_reversible_and_unlinkable_across_kinds() -> None:
    assert lever_id("opportunity", 7) == lever_id("opportunity", 7)
    assert len(lever_id("opportunity", 7)) == UUID_LEN and lever_id("opportunity", 7)[14] == "4"
    assert neutral_id("opportunity", lever_id("opportunity", 7)) == 7
    assert neutral_id("application", lever_id("opportunity", 7)) is None  # another kind
    assert lever_id("opportunity", 7)[-12:] != lever_id("application", 7)[-12:]  # nothing shared to link them
    tampered = lever_id("opportunity", 7)[:-1] + ("0" if not lever_id("opportunity", 7).endswith("0") else "1")
    assert neutral_id("opportunity", tampered) is None


# --- auth (§2.1) ---------------------------------------------------------------------------------------------------


def test_basic_auth_with_the_key_as_username(lv: LeverEmulator, box: Sandbox) -> None:
    base = box.endpoints()["lever"]["base_url"]
    missing = httpx.get(f"{base}/opportunities")
    assert missing.status_code == 401 and missing.json()["code"] == "UnauthorizedError"
    assert missing.headers["www-authenticate"].startswith("Basic")
    wrong = httpx.get(f"{base}/opportunities", auth=("not-a-key", ""))
    assert (wrong.status_code, wrong.json()["message"]) == (401, "Invalid API key")
    bearer = httpx.get(f"{base}/opportunities", headers={"Authorization": "Bearer sandbox-lever-key"})
    assert bearer.status_code == 401
    assert httpx.get(f"{base}/opportunities", auth=("sandbox-lever-key", "")).status_code == 200


def test_eeo_pii_needs_its_own_scope(lv: LeverEmulator, box: Sandbox) -> None:
    endpoint = box.endpoints()["lever"]
    limited = Api(endpoint, endpoint["limited_api_key"])
    for path in ("opportunities", "eeo/responses", f"opportunities/{opp(1)}/offers", "users"):
        assert limited.get(path).status_code == 200, path
    denied = limited.get("eeo/responses/pii")
    assert denied.status_code == 403 and denied.json()["code"] == "ForbiddenError"
    assert "eeo_responses_pii" in denied.json()["message"]


# --- paging (§2.2) -------------------------------------------------------------------------------------------------


def test_envelope_and_last_page(lv: LeverEmulator, api: Api, world: World) -> None:
    bodies = api.pages("opportunities", limit=45, confidentiality="all")
    for body in bodies[:-1]:
        assert set(body) == {"data", "hasNext", "next"} and body["hasNext"] is True and len(body["data"]) == 45
    assert set(bodies[-1]) == {"data", "hasNext"} and bodies[-1]["hasNext"] is False
    ids = [r["id"] for body in bodies for r in body["data"]]
    visible = scalar(world, "select count(*) from applications where deleted_at is null")
    assert len(ids) == len(set(ids)) == visible and len(bodies) == math.ceil(visible / 45)
    assert {neutral_id("opportunity", i) for i in ids} == world_ids(
        world, "select id from applications where deleted_at is null"
    )


def test_opportunities_are_sorted_newest_first(lv: LeverEmulator, api: Api) -> None:
    records = api.crawl("opportunities", confidentiality="all")
    keys = [(r["createdAt"], neutral_id("opportunity", r["id"])) for r in records]
    assert keys == sorted(keys, reverse=True)


def test_limit_bounds_and_default(lv: LeverEmulator, api: Api) -> None:
    for bad in ("0", "101", "abc", "", "-3", "1.5"):
        response = api.get("opportunities", limit=bad)
        assert response.status_code == 400 and response.json()["code"] == "BadRequestError", bad
    assert len(api.ok("opportunities", limit=1)) == 1
    assert len(api.http.get(api.url("opportunities")).json()["data"]) == 100


def test_offset_token_is_url_encoded_json_naming_the_next_record(lv: LeverEmulator, api: Api) -> None:
    first = api.get("opportunities", limit=5).json()
    token = first["next"]
    assert token.startswith("%5B1%2C") and "%22" in token  # as observed: %5B1%2C<ms>%2C%22<uuid>%22%5D
    version, sort_value, record = json.loads(unquote(token))
    second = api.ok("opportunities", limit=5, offset=token)
    assert version == 1 and (second[0]["createdAt"], second[0]["id"]) == (sort_value, record)
    # passed back URL-encoded once more (a client putting it in params), raw JSON, or verbatim in the URL
    raw = json.dumps([version, sort_value, record])
    assert api.ok("opportunities", limit=5, offset=raw) == second
    assert api.http.get(api.url(f"opportunities?limit=5&offset={token}")).json()["data"] == second
    assert api.http.get(api.url(f"opportunities?limit=5&offset={quote(token)}")).json()["data"] == second


def test_bad_offset_tokens_are_400_invalid_offset_token(lv: LeverEmulator, api: Api) -> None:
    token = api.get("opportunities", limit=5).json()["next"]
    stage_token = api.get("stages", limit=2).json()["next"]
    _, sort_value, record = json.loads(unquote(token))
    for bad in (
        "garbage",
        quote("[1, 2]"),
        quote(json.dumps([1, "x", record])),
        quote(json.dumps([2, sort_value, record])),  # another token version / sort
        quote(json.dumps([1, sort_value, lever_id("application", 3)])),  # an id of another list
        stage_token,
    ):
        response = api.get("opportunities", limit=5, offset=bad)
        assert response.status_code == 400, bad
        assert response.json()["code"] == "BadRequestError"
        assert response.json()["message"].startswith("Invalid offset token"), bad
    assert "invalid for sort" in api.get("opportunities", offset=stage_token).json()["message"]


def test_paging_is_stable_while_the_world_changes(edge: LeverEmulator, edge_api: Api, edge_world: Any) -> None:
    first = edge_api.get("opportunities", limit=10).json()
    seen = [r["id"] for r in first["data"]]
    # a new opportunity arrives (the newest) and an already-served one changes between pages
    with edge_world.cursor() as cur:
        cur.execute(
            "insert into applications select 100000, candidate_id, job_id, is_prospect, source_id, referrer_id, "
            "recruiter_id, coordinator_id, status, current_stage_id, applied_at, rejected_at, rejection_reason_id, "
            "hired_at, last_activity_at, now()::timestamp, now()::timestamp, deleted_at from applications where id = 1"
        )
        served = neutral_id("opportunity", seen[0])
        cur.execute("update applications set updated_at = updated_at + interval 1 day where id = ?", [served])
    try:
        body = first
        while body["hasNext"]:
            body = edge_api.get("opportunities", limit=10, offset=body["next"]).json()
            seen += [r["id"] for r in body["data"]]
        assert opp(100000) not in seen and len(seen) == len(set(seen))
        assert len(seen) == scalar(edge_world, "select count(*) from applications where deleted_at is null") - 1
    finally:
        with edge_world.cursor() as cur:
            cur.execute("delete from applications where id = 100000")
            cur.execute("update applications set updated_at = updated_at - interval 1 day where id = ?", [served])


def test_every_list_pages_to_the_end(lv: LeverEmulator, api: Api) -> None:
    for path in LISTS:
        params = {"confidentiality": "all"} if path in ("opportunities", "postings") else {}
        records = api.crawl(path, limit=7, **params)
        one_page = api.crawl(path, **params)
        assert records == one_page, path  # the same list whatever the page size


# --- filters (§2.4) ------------------------------------------------------------------------------------------------


def test_updated_and_created_filters_are_inclusive_milliseconds(lv: LeverEmulator, api: Api) -> None:
    records = api.crawl("opportunities", confidentiality="all")
    stamps = sorted(r["updatedAt"] for r in records)
    low, high = stamps[len(stamps) // 4], stamps[3 * len(stamps) // 4]

    def ids(**params: Any) -> set[str]:
        return {r["id"] for r in api.crawl("opportunities", confidentiality="all", **params)}

    def expect(test: Any, key: str = "updatedAt") -> set[str]:
        return {r["id"] for r in records if test(r[key])}

    assert ids(updated_at_start=low) == expect(lambda v: v >= low)
    assert ids(updated_at_end=high) == expect(lambda v: v <= high)
    assert ids(updated_at_start=low + 1, updated_at_end=high - 1) == expect(lambda v: low < v < high)
    created = sorted(r["createdAt"] for r in records)[len(records) // 2]
    assert ids(created_at_start=created) == expect(lambda v: v >= created, "createdAt")
    assert ids(updated_at_start=max(stamps) + 1) == set()
    for bad in ({"updated_at_start": "2024-01-01"}, {"created_at_end": "soon"}, {"deleted_at_start": "x"}):
        path = "opportunities/deleted" if "deleted_at_start" in bad else "opportunities"
        response = api.get(path, **bad)
        assert response.status_code == 400 and response.json()["code"] == "BadRequestError", bad


def test_archived_filter_and_archive_shape(lv: LeverEmulator, api: Api, world: World) -> None:
    archived = api.crawl("opportunities", archived="true", confidentiality="all")
    active = api.crawl("opportunities", archived="false", confidentiality="all")
    assert all(r["archived"] for r in archived) and not any(r["archived"] for r in active)
    expected = world_ids(world, "select id from applications where deleted_at is null and status <> 'active'")
    assert {neutral_id("opportunity", r["id"]) for r in archived} == expected
    reasons = {r["id"]: r for r in api.crawl("archive_reasons")}
    for record in archived:
        assert record["archived"]["reason"] in reasons and isinstance(record["archived"]["archivedAt"], int)
    assert api.get("opportunities", archived="maybe").status_code == 400


def test_confidential_opportunities_and_postings_are_hidden_unless_asked(
    edge: LeverEmulator, edge_api: Api, edge_world: Any
) -> None:
    with edge_world.cursor() as cur:
        cur.execute("update jobs set confidential = true where id = 2")
    try:
        secret = world_ids(edge_world, "select id from applications where job_id = 2 and deleted_at is null")
        assert secret
        default = {neutral_id("opportunity", r["id"]) for r in edge_api.crawl("opportunities")}
        everything = {
            neutral_id("opportunity", r["id"]) for r in edge_api.crawl("opportunities", confidentiality="all")
        }
        only = edge_api.crawl("opportunities", confidentiality="confidential")
        assert not default & secret and secret <= everything and everything - default == secret
        assert {neutral_id("opportunity", r["id"]) for r in only} == secret
        assert all(r["confidentiality"] == "confidential" for r in only)
        assert lever_id("posting", 2) not in {p["id"] for p in edge_api.crawl("postings")}
        assert lever_id("posting", 2) in {p["id"] for p in edge_api.crawl("postings", confidentiality="all")}
        assert edge_api.get("opportunities", confidentiality="secret").status_code == 400
    finally:
        with edge_world.cursor() as cur:
            cur.execute("update jobs set confidential = false where id = 2")


def test_id_filters(lv: LeverEmulator, api: Api, world: World) -> None:
    person = rows(world, "select candidate_id from applications where deleted_at is null group by 1 "
                         "having count(*) > 1 order by 1 limit 1")[0]["candidate_id"]  # fmt: skip
    theirs = api.crawl("opportunities", contact_id=lever_id("contact", person), confidentiality="all")
    expected = world_ids(world, f"select id from applications where candidate_id = {person} and deleted_at is null")
    assert {neutral_id("opportunity", r["id"]) for r in theirs} == expected and len(expected) > 1
    assert len({r["contact"] for r in theirs}) == 1  # one contact shared by the person's opportunities
    job = rows(world, "select job_id from applications where job_id is not null limit 1")[0]["job_id"]
    by_posting = api.crawl("opportunities", posting_id=lever_id("posting", job), confidentiality="all")
    assert {neutral_id("opportunity", r["id"]) for r in by_posting} == world_ids(
        world, f"select id from applications where job_id = {job} and deleted_at is null"
    )
    leads = api.crawl("opportunities", stage_id="lead-new", confidentiality="all")
    assert {neutral_id("opportunity", r["id"]) for r in leads} == world_ids(
        world, "select id from applications where current_stage_id is null and deleted_at is null"
    )
    assert api.crawl("opportunities", contact_id="not-a-uuid") == []


# --- record shapes (§2.6) ------------------------------------------------------------------------------------------


def _check_ms(path: str, value: Any, key: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _check_ms(path, v, k)
    elif isinstance(value, list):
        for v in value:
            _check_ms(path, v, key)
    elif key in MS_KEYS and value is not None:
        assert isinstance(value, int) and 1e12 < value < 1e13, (path, key, value)


def test_every_documented_key_is_present_and_timestamps_are_epoch_ms(lv: LeverEmulator, api: Api, world: World) -> None:
    parents = {
        "applications": "select id as a from applications where job_id is not null and deleted_at is null",
        "interviews": "select application_id as a from interviews where deleted_at is null",
        "panels": "select application_id as a from interviews where deleted_at is null",
        "feedback": "select application_id as a from scorecards where deleted_at is null",
        "offers": "select application_id as a from offers where deleted_at is null",
    }
    for path, keys in KEYS.items():
        if path in CHILD_LISTS:
            sample = sorted({r["a"] for r in rows(world, parents[path])})[:6]
            records = [x for a in sample for x in api.ok(f"opportunities/{opp(a)}/{path}")]
        elif path in ("opportunities", "postings"):
            records = api.ok(path, limit=50, confidentiality="all")
        else:
            records = api.ok(path, limit=50)
        assert records, path
        for record in records:
            assert set(record) == keys, (path, set(record) ^ keys)
            _check_ms(path, record)


def test_opportunities_render_the_world_field_by_field(lv: LeverEmulator, api: Api, world: World) -> None:
    pick = random.Random(7)
    apps = rows(world, "select * from applications where deleted_at is null")
    for row in pick.sample(apps, 8):
        record = api.get(f"opportunities/{opp(row['id'])}").json()["data"]
        person = rows(world, "select * from candidates where id = ?", [row["candidate_id"]])[0]
        assert record["contact"] == lever_id("contact", row["candidate_id"])
        assert record["name"] == f"{person['first_name']} {person['last_name']}"
        assert record["emails"] == [person["email"]] and record["headline"] == person["company"]
        assert record["createdAt"] == ms(row["created_at"])
        assert record["updatedAt"] == ms(max(row["updated_at"], person["updated_at"]))
        assert record["lastInteractionAt"] == ms(row["last_activity_at"])
        assert record["stage"] == (
            lever_id("stage", row["current_stage_id"]) if row["current_stage_id"] else "lead-new"
        )
        assert record["owner"] == lever_id("user", row["recruiter_id"])
        assert record["applications"] == ([lever_id("application", row["id"])] if row["job_id"] else [])
        visits = rows(
            world,
            "select v.job_stage_id, v.entered_at, s.stage_order from application_stages v "
            "join job_stages s on s.id = v.job_stage_id where v.application_id = ? and v.deleted_at is null "
            "order by v.entered_at, v.id",
            [row["id"]],
        )
        assert [(c["toStageId"], c["toStageIndex"], c["updatedAt"]) for c in record["stageChanges"]] == [
            (lever_id("stage", v["job_stage_id"]), v["stage_order"] - 1, ms(v["entered_at"])) for v in visits
        ]
        archived = {"rejected": row["rejected_at"], "hired": row["hired_at"]}.get(row["status"])
        assert (record["archived"] or {}).get("archivedAt") == ms(archived)


def test_stage_changes_name_the_mover_and_stages_resolve(edge: LeverEmulator, edge_api: Api) -> None:
    stages = {s["id"]: s["text"] for s in edge_api.crawl("stages")}
    assert edge_api.crawl("stages")[0] == {"id": "lead-new", "text": "New lead"}
    assert len(stages) == 1 + 12  # lead-new + every job stage of the three jobs
    two = edge_api.get(f"opportunities/{opp(2)}").json()["data"]
    assert [stages[c["toStageId"]] for c in two["stageChanges"]] == ["Application Review", "Onsite"]
    assert [c["toStageIndex"] for c in two["stageChanges"]] == [0, 2]
    lead = edge_api.get(f"opportunities/{opp(4)}").json()["data"]
    assert lead["stage"] == "lead-new" and lead["applications"] == [] and lead["origin"] == "sourced"
    assert lead["sourcedBy"] == lever_id("user", 1)
    assert edge_api.get(f"opportunities/{opp(6)}").status_code == 404  # deleted
    assert edge_api.get("opportunities/not-an-id").status_code == 404


def test_expand(edge: LeverEmulator, edge_api: Api) -> None:
    [plain] = [r for r in edge_api.crawl("opportunities") if r["id"] == opp(1)]
    [full] = [r for r in edge_api.crawl("opportunities", expand=["applications", "stage"]) if r["id"] == opp(1)]
    assert plain["applications"] == [lever_id("application", 1)] and isinstance(plain["stage"], str)
    assert full["applications"][0]["id"] == lever_id("application", 1)
    assert full["applications"][0] == edge_api.ok(f"opportunities/{opp(1)}/applications")[0]
    assert full["stage"] == {"id": plain["stage"], "text": "Recruiter Screen"}
    owner = edge_api.get(f"opportunities/{opp(1)}", expand="owner").json()["data"]["owner"]
    assert owner["id"] == lever_id("user", 1) and owner["email"] == "greg@example.com"
    bad = edge_api.get("opportunities", expand="contact")
    assert bad.status_code == 400 and bad.json()["code"] == "BadRequestError"


def test_merged_contacts_and_anonymized_opportunities(edge: LeverEmulator, edge_api: Api, edge_world: Any) -> None:
    ada = {r["id"] for r in edge_api.crawl("opportunities") if r["contact"] == lever_id("contact", 1)}
    expected = world_ids(edge_world, "select id from applications where candidate_id = 1 and deleted_at is null")
    assert {opp(1), opp(4)} <= ada and ada == {opp(a) for a in expected}
    # candidate 4 (a duplicate of 1) was merged away: no opportunity names it any more
    assert not [r for r in edge_api.crawl("opportunities") if r["contact"] == lever_id("contact", 4)]
    anon = edge_api.get(f"opportunities/{opp(5)}").json()["data"]
    assert anon["isAnonymized"] is True and anon["name"] is None and anon["emails"] == [] and anon["phones"] == []
    assert anon["location"] is None and anon["headline"] is None
    [application] = edge_api.ok(f"opportunities/{opp(5)}/applications")
    assert application["name"] is None and application["email"] is None and application["phone"] is None


# --- per-opportunity lists (§2.5, §2.8) ----------------------------------------------------------------------------


def test_per_opportunity_lists_cover_the_world(lv: LeverEmulator, api: Api, world: World) -> None:
    apps = sorted(world_ids(world, "select distinct application_id as id from interviews where deleted_at is null"))
    sample = apps[:12]
    wanted = ",".join(map(str, sample))
    counts = {
        "interviews": f"select count(*) from interviews where deleted_at is null and application_id in ({wanted})",
        "feedback": f"select count(*) from scorecards where deleted_at is null and application_id in ({wanted})",
        "offers": f"select count(*) from offers where deleted_at is null and application_id in ({wanted})",
        "panels": "select count(*) from (select distinct application_id, job_stage_id from interviews "
        f"where deleted_at is null and application_id in ({wanted}))",
        "applications": f"select count(*) from applications where job_id is not null and id in ({wanted})",
    }
    for name, sql in counts.items():
        got = [r for a in sample for r in api.ok(f"opportunities/{opp(a)}/{name}")]
        assert len(got) == scalar(world, sql) and len({r["id"] for r in got}) == len(got), name


def test_interviews_panels_and_feedback_link_up(edge: LeverEmulator, edge_api: Api) -> None:
    interviews = {i["id"]: i for i in edge_api.ok(f"opportunities/{opp(2)}/interviews")}
    assert set(interviews) == {lever_id("interview", 2), lever_id("interview", 3)}
    [panel] = edge_api.ok(f"opportunities/{opp(2)}/panels")  # both at the Onsite stage: one panel
    assert {i["id"] for i in panel["interviews"]} == set(interviews)
    assert all(i["panel"] == panel["id"] for i in interviews.values()) and panel["canceledAt"] is None
    cancelled = interviews[lever_id("interview", 3)]
    assert cancelled["canceledAt"] is not None and interviews[lever_id("interview", 2)]["canceledAt"] is None
    technical = interviews[lever_id("interview", 2)]
    assert technical["duration"] == 60 and technical["timezone"] == "Europe/London"
    assert [p["email"] for p in technical["interviewers"]] == ["kate@example.com", "ann@example.com"]
    feedback = {f["id"]: f for f in edge_api.ok(f"opportunities/{opp(2)}/feedback")}
    assert set(technical["feedbackForms"]) == set(feedback) == {lever_id("feedback", 2), lever_id("feedback", 3)}
    strong_no, draft = feedback[lever_id("feedback", 2)], feedback[lever_id("feedback", 3)]
    assert strong_no["fields"][0] == {
        "type": "score-system", "text": "Rating", "description": "Overall recommendation", "required": True,
        "value": "1 - Strong No Hire",
    }  # fmt: skip
    assert draft["completedAt"] is None and draft["fields"][0]["value"] is None
    assert strong_no["panel"] == panel["id"] and strong_no["interview"] == technical["id"]
    [yes] = edge_api.ok(f"opportunities/{opp(1)}/feedback")
    assert yes["fields"][0]["value"] == "3 - Hire"


def test_offers_applications_and_enums(edge: LeverEmulator, edge_api: Api) -> None:
    offers = {o["id"]: o for a in (1, 2, 3, 7) for o in edge_api.ok(f"opportunities/{opp(a)}/offers")}
    status = {neutral_id("offer", i): o["status"] for i, o in offers.items()}
    assert status == {1: "sent", 2: "signed", 3: "signed", 4: "sent", 5: "denied"}
    accepted = offers[lever_id("offer", 2)]
    assert accepted["fields"][0] == {"text": "Salary", "identifier": "salary_amount", "value": "100002"}
    assert accepted["signatures"]["candidate"]["signed"] is True and accepted["signedDocument"] is not None
    assert accepted["posting"] == lever_id("posting", 2)
    apps = {a: edge_api.ok(f"opportunities/{opp(a)}/applications") for a in (1, 2, 3, 4)}
    assert apps[4] == []  # a lead without a posting has no application
    assert apps[1][0]["type"] == "posting" and apps[2][0]["type"] == "referral"
    assert apps[3][0]["requisitionForHire"]["requisitionCode"] == "REQ-2"
    assert apps[3][0]["archived"]["reason"] == lever_id("archive_reason", 0)  # hired
    reasons = {r["id"]: r for r in edge_api.crawl("archive_reasons")}
    assert reasons[lever_id("archive_reason", 0)] == {
        "id": lever_id("archive_reason", 0), "text": "Hired", "status": "active", "type": "hired"
    }  # fmt: skip
    assert reasons[apps[2][0]["archived"]["reason"]]["text"] == "Lacking skill(s)"


def test_unknown_or_deleted_opportunity_is_404(edge: LeverEmulator, edge_api: Api) -> None:
    for path in (f"opportunities/{opp(6)}/interviews", f"opportunities/{opp(999)}/offers",
                 "opportunities/garbage/feedback", f"opportunities/{opp(1)}/notes"):  # fmt: skip
        response = edge_api.get(path)
        assert response.status_code == 404 and response.json()["code"] == "ResourceNotFound", path
    assert edge_api.ok(f"opportunities/{opp(7)}/interviews") == []  # live, nothing there


# --- account lists -------------------------------------------------------------------------------------------------


def test_account_lists(edge: LeverEmulator, edge_api: Api) -> None:
    active = edge_api.crawl("users")
    everyone = edge_api.crawl("users", includeDeactivated="true")
    assert len(active) == 3 and len(everyone) == 4
    [old] = [u for u in everyone if u["deactivatedAt"] is not None]
    assert old["name"] == "Old Admin" and old["accessRole"] == "super admin"
    postings = {p["id"]: p for p in edge_api.crawl("postings", confidentiality="all")}
    assert set(postings) == {lever_id("posting", 1), lever_id("posting", 2)}  # posting 3 was deleted
    assert postings[lever_id("posting", 1)]["state"] == "published"
    assert postings[lever_id("posting", 2)]["state"] == "closed"
    assert postings[lever_id("posting", 1)]["categories"]["team"] == "Data"
    assert postings[lever_id("posting", 1)]["categories"]["department"] == "Engineering"
    assert [p["id"] for p in edge_api.crawl("postings", state="closed")] == [lever_id("posting", 2)]
    requisitions = {r["requisitionCode"]: r for r in edge_api.crawl("requisitions")}
    assert requisitions["REQ-2"]["headcountHired"] == 1 and requisitions["REQ-1"]["status"] == "open"
    sources = {s["text"]: s["count"] for s in edge_api.crawl("sources")}
    assert sources["LinkedIn"] == 2 + 30 and sources["Acme Agency"] == 1  # bulk applications use LinkedIn


def test_deleted_lists(edge: LeverEmulator, edge_api: Api, edge_world: Any) -> None:
    [gone] = edge_api.crawl("opportunities/deleted")
    deleted_at = ms(rows(edge_world, "select deleted_at from applications where id = 6")[0]["deleted_at"])
    assert gone == {"id": opp(6), "deletedAt": deleted_at}
    [app] = edge_api.crawl("applications/deleted")
    assert app == {"id": lever_id("application", 6), "deletedAt": deleted_at, "opportunityId": opp(6),
                   "postingId": lever_id("posting", 1)}  # fmt: skip
    [posting] = edge_api.crawl("postings/deleted")
    assert posting["id"] == lever_id("posting", 3)
    assert edge_api.crawl("opportunities/deleted", deleted_at_start=deleted_at) == [gone]
    assert edge_api.crawl("opportunities/deleted", deleted_at_start=deleted_at + 1) == []
    assert edge_api.crawl("opportunities/deleted", deleted_at_end=deleted_at - 1) == []


# --- EEO (§2.7, §9) ------------------------------------------------------------------------------------------------


def test_eeo_responses_anonymous_and_with_pii(edge: LeverEmulator, edge_api: Api) -> None:
    anonymous = edge_api.crawl("eeo/responses")
    pii = {r["opportunityId"]: r for r in edge_api.crawl("eeo/responses/pii")}
    # submitted surveys of live applications: 1, 2, 3 (5 never submitted, 6 deleted)
    assert set(pii) == {opp(1), opp(2), opp(3)} and len(anonymous) == 3
    for record in anonymous:  # nothing that names an opportunity, contact, application or posting
        assert set(record) == KEYS["eeo/responses"]
        assert not {neutral_id(kind, v) for kind in ("opportunity", "contact", "application", "posting")
                    for v in record.values() if isinstance(v, str)} - {None}  # fmt: skip
    assert pii[opp(1)]["race"] == "Two or More Races (Not Hispanic or Latino)"  # asian and white
    assert pii[opp(1)]["gender"] == "Female" and pii[opp(1)]["veteran"] == "I am not a Protected Veteran"
    assert pii[opp(2)]["race"] == "Decline to self-identify" and pii[opp(2)]["disability"] == "I do not want to answer"
    assert pii[opp(3)]["gender"] == "Decline to self-identify"  # non-binary cannot be recorded on the US form
    assert pii[opp(3)]["posting"] == lever_id("posting", 2)
    by_stage = {r["currentStage"]: r for r in anonymous}
    hired = by_stage[lever_id("stage", 8)]
    assert hired["applicationArchivedAt"] is not None and hired["race"].startswith("Black")


def test_eeo_race_follows_the_eeo1_rule() -> None:
    from ats_pipeline.sandbox.emulators.lever.vocab import eeo_race

    assert eeo_race(["hispanic_latino", "white"]) == "Hispanic or Latino"
    assert eeo_race(["asian", "white"]).startswith("Two or More Races")
    assert eeo_race(["white"]) == "White (Not Hispanic or Latino)"
    assert eeo_race(["declined"]) == "Decline to self-identify" and eeo_race(None) is None


def test_eeo_counts_on_the_generated_world(lv: LeverEmulator, api: Api, world: World) -> None:
    expected = scalar(
        world,
        "select count(*) from demographics d join applications a on a.id = d.application_id "
        "where d.deleted_at is null and d.submitted_at is not null and a.deleted_at is null",
    )
    assert len(api.crawl("eeo/responses")) == expected == len(api.crawl("eeo/responses/pii"))
    since = sorted(r["createdAt"] for r in api.crawl("eeo/responses/pii"))[expected // 2]
    assert all(r["createdAt"] >= since for r in api.crawl("eeo/responses/pii", created_at_start=since))


# --- rate limit (§2.3) ---------------------------------------------------------------------------------------------


def test_default_rate_limit_is_a_token_bucket_without_headers(edge_world: Any) -> None:
    assert LeverEmulator.default_rate_limit() == RateLimitSettings(
        kind="token_bucket", limit=10, window_seconds=1.0, burst=20
    )
    with Sandbox(edge_world, vendors=["lever"]) as sandbox:
        clock = [1_000_000.0]  # a frozen clock makes the bucket exact
        sandbox.emulators["lever"].rate_limiter = ServerRateLimiter(clock=lambda: clock[0])
        client = Api(sandbox.endpoints()["lever"])
        burst = [client.get("stages", limit=1) for _ in range(21)]
        assert [r.status_code for r in burst] == [200] * 20 + [429]  # the bucket holds 20
        assert burst[-1].json() == {"code": "TooManyRequests", "message": "Rate limit exceeded, slow down"}
        for response in burst:  # Lever documents no rate-limit headers, and sends no Retry-After
            assert not [h for h in response.headers if "ratelimit" in h.lower() or h.lower() == "retry-after"]
        clock[0] += 0.25  # refilled at 10 per second: two and a half tokens
        assert [client.get("stages").status_code for _ in range(3)] == [200, 200, 429]
        # per key: the other key has its own bucket
        limited = Api(sandbox.endpoints()["lever"], sandbox.endpoints()["lever"]["limited_api_key"])
        assert limited.get("stages").status_code == 200


def test_faults_use_lever_error_bodies(lv: LeverEmulator, api: Api) -> None:
    lv.settings.faults.error_rate = 1.0
    response = api.get("stages")
    assert response.status_code in (500, 502, 503) and set(response.json()) == {"code", "message"}
    lv.settings.faults.error_rate = 0.0
    lv.settings.faults.throttle_rate = 1.0
    throttled = api.get("stages")
    assert throttled.status_code == 429 and "retry-after" not in throttled.headers


# --- after time moves: deletes, merges, anonymization ---------------------------------------------------------------


@pytest.fixture(scope="module")
def moved() -> Iterator[tuple[World, Api]]:
    """A generated world advanced 30 days, served by its own sandbox."""
    moved_world = World.generate(WorldConfig(seed=42, applications=120))
    before = moved_world.now
    changes = moved_world.advance(30)
    assert changes["deleted_applications"] and changes["merged_candidates"] and changes["anonymized_candidates"]
    with Sandbox(moved_world, vendors=["lever"], settings={"lever": FAST.model_copy(deep=True)}) as sandbox:
        client = Api(sandbox.endpoints()["lever"])
        client.before = before  # type: ignore[attr-defined]
        yield moved_world, client
        client.http.close()
    moved_world.close()


def test_after_time_moves_deletions_are_listed_and_hidden(moved: tuple[World, Api]) -> None:
    world, client = moved
    deleted = rows(world, "select id, deleted_at, job_id from applications where deleted_at is not null")
    listed = {r["id"]: r["deletedAt"] for r in client.crawl("opportunities/deleted")}
    assert listed == {opp(r["id"]): ms(r["deleted_at"]) for r in deleted}
    assert {r["id"] for r in client.crawl("applications/deleted")} == {
        lever_id("application", r["id"]) for r in deleted if r["job_id"] is not None
    }
    live = {r["id"] for r in client.crawl("opportunities", confidentiality="all")}
    assert not live & set(listed)
    assert client.get(f"opportunities/{opp(deleted[0]['id'])}/interviews").status_code == 404
    cutoff = ms(client.before)  # type: ignore[attr-defined]
    assert set(listed) == {r["id"] for r in client.crawl("opportunities/deleted", deleted_at_start=cutoff)}


def test_after_time_moves_merged_opportunities_follow_the_surviving_contact(moved: tuple[World, Api]) -> None:
    world, client = moved
    merges = rows(world, "select id, merged_into_id, deleted_at from candidates where merged_into_id is not null")
    assert merges
    records = client.crawl("opportunities", confidentiality="all")
    contacts = {r["contact"] for r in records}
    for merge in merges:
        assert lever_id("contact", merge["id"]) not in contacts
        moved_apps = world_ids(
            world,
            f"select id from applications where candidate_id = {merge['merged_into_id']} and deleted_at is null "
            f"and updated_at = '{merge['deleted_at']}'",
        )
        assert moved_apps
        for app in moved_apps:
            [record] = [r for r in records if r["id"] == opp(app)]
            assert record["contact"] == lever_id("contact", merge["merged_into_id"])
            assert record["updatedAt"] >= ms(merge["deleted_at"])


def test_after_time_moves_anonymized_opportunities_have_no_pii(moved: tuple[World, Api]) -> None:
    world, client = moved
    anonymized = rows(world, "select c.id, c.anonymized_at, a.id as app from candidates c join applications a "
                             "on a.candidate_id = c.id where c.anonymized_at is not null and a.deleted_at is null")  # fmt: skip
    assert anonymized
    for row in anonymized:
        record = client.get(f"opportunities/{opp(row['app'])}").json()["data"]
        assert record["isAnonymized"] is True and record["name"] is None and record["emails"] == []
        assert record["updatedAt"] >= ms(row["anonymized_at"])
    since = ms(client.before)  # type: ignore[attr-defined]
    changed = {r["id"] for r in client.crawl("opportunities", updated_at_start=since + 1, confidentiality="all")}
    assert {opp(r["app"]) for r in anonymized if ms(r["anonymized_at"]) > since} <= changed


# --- a third-party client ------------------------------------------------------------------------------------------


def test_dlt_rest_client_pages_through_with_only_the_base_url_changed(
    lv: LeverEmulator, api: Api, world: World
) -> None:
    from dlt.sources.helpers.rest_client import RESTClient
    from dlt.sources.helpers.rest_client.auth import HttpBasicAuth
    from dlt.sources.helpers.rest_client.paginators import JSONResponseCursorPaginator

    client = RESTClient(
        base_url=api.endpoint["base_url"],
        auth=HttpBasicAuth(api.endpoint["api_key"], ""),
        paginator=JSONResponseCursorPaginator(cursor_path="next", cursor_param="offset"),
        data_selector="data",
    )
    ids = [r["id"] for page in client.paginate("/opportunities", params={"confidentiality": "all"}) for r in page]
    assert len(ids) == len(set(ids)) == scalar(world, "select count(*) from applications where deleted_at is null")


def test_timestamps_convert_exactly() -> None:
    assert ms(datetime(2025, 1, 1, 9, 0, 0, 123456)) == 1735722000123
    assert ms(None) is None
