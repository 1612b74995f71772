"""Conformance of the Workable SPI v3 emulator, over real HTTP on loopback (ats_apis.md §4, §10.1).

One sandbox over a generated world (counts, paging, filters, shapes, sampled records, limits, faults) and one over a
world advanced in time and edited by hand (deletes, merges, anonymization, every job state).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ats_pipeline.sandbox.emulator.base import LoggedRequest
from ats_pipeline.sandbox.emulator.registry import emulator_classes
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.workable import WorkableEmulator, ids
from ats_pipeline.sandbox.emulators.workable.params import ParamError, parse_timestamp
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEX = re.compile(r"^[0-9a-f]{5,10}$")
FAST = EmulatorSettings(rate_limit=RateLimitSettings(limit=100_000, window_seconds=1))

# Every documented key of each shape (ats_apis.md §4.5, the vendor's reference pages).
CANDIDATE_KEYS = {
    "id", "name", "firstname", "lastname", "headline", "account", "job", "stage", "stage_kind", "disqualified",
    "withdrew", "disqualification_reason", "sourced", "profile_url", "email", "domain", "created_at", "updated_at",
    "hired_at", "address", "phone",
}  # fmt: skip
DETAIL_KEYS = CANDIDATE_KEYS | {
    "image_url", "disqualified_at", "outbound_mailbox", "uploader_id", "cover_letter", "summary", "education_entries",
    "experience_entries", "skills", "answers", "resume_url", "tags", "social_profiles", "location",
    "originating_candidate_id",
}  # fmt: skip
JOB_KEYS = {
    "id", "title", "full_title", "shortcode", "code", "state", "department", "department_hierarchy", "url",
    "application_url", "shortlink", "location", "created_at",
}  # fmt: skip
LOCATION_KEYS = {"location_str", "country", "country_code", "region", "region_code", "city", "zip_code"}
ACTIVITY_KEYS = {
    "id", "action", "stage_name", "action_stage", "target_stage", "created_at", "updated_at", "member", "body",
    "rating", "visibility_roles",
}  # fmt: skip
MEMBER_KEYS = {"id", "name", "headline", "email", "roles", "active"}
STAGE_KEYS = {"slug", "name", "kind", "position"}
REASON_KEYS = {"id", "description", "candidate_withdrew", "position"}


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- fixtures ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World.generate(WorldConfig(seed=42, applications=300))
    yield world
    world.close()


@pytest.fixture(scope="module")
def box(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, vendors=["workable"], settings={"workable": FAST.model_copy(deep=True)}) as sandbox:
        yield sandbox


@pytest.fixture
def wk(box: Sandbox) -> Iterator[WorkableEmulator]:
    """The emulator, with knobs restored and log/limits/fault sequence reset around each test."""
    emulator: WorkableEmulator = box.emulators["workable"]  # type: ignore[assignment]
    saved = emulator.settings.model_copy(deep=True)
    emulator.reset()
    yield emulator
    for name in EmulatorSettings.model_fields:
        setattr(emulator.settings, name, getattr(saved, name))
    emulator.reset()


class Api:
    def __init__(self, endpoint: dict[str, Any], token: str | None = None) -> None:
        self.endpoint = endpoint
        self.http = httpx.Client(headers={"Authorization": f"Bearer {token or endpoint['token']}"}, timeout=30)

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(f"{self.endpoint['base_url']}/{path}", params=params)

    def ok(self, path: str, **params: Any) -> Any:
        response = self.get(path, **params)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()

    def crawl(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        params.setdefault("limit", 100)
        return self._follow(self.get(path, **params), key)

    def crawl_from(self, url: str, key: str) -> list[dict[str, Any]]:
        return self._follow(self.http.get(url), key)

    def _follow(self, response: httpx.Response, key: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        while True:
            assert response.status_code == 200, (str(response.url), response.text)
            body = response.json()
            records.extend(body[key])
            if "paging" not in body:
                return records
            response = self.http.get(body["paging"]["next"])


@pytest.fixture(scope="module")
def api(box: Sandbox) -> Iterator[Api]:
    client = Api(box.endpoints()["workable"])
    yield client
    client.http.close()


def rows(world: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with world.cursor() as cur:
        cur.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def workable_candidates(world: Any) -> list[dict[str, Any]]:
    """The world rows Workable lists as candidates: applications to a job, with the person, in id order."""
    return rows(
        world,
        """select a.*, greatest(a.updated_at, c.updated_at) as wk_updated_at, c.first_name, c.last_name, c.email,
                  c.phone, c.city, c.company, c.title, js.name as stage_name, js.kind as stage_kind,
                  rr.name as reason_name, rr.type as reason_type
           from applications a join candidates c on c.id = a.candidate_id
           left join job_stages js on js.id = a.current_stage_id
           left join rejection_reasons rr on rr.id = a.rejection_reason_id
           where a.deleted_at is null and a.job_id is not null order by a.id""",
    )


def visible_events(world: Any, where: str = "true") -> list[dict[str, Any]]:
    return rows(
        world,
        f"""select e.*, a.job_id from application_events e join applications a on a.id = e.application_id
            where e.deleted_at is null and a.deleted_at is null and a.job_id is not null and {where} order by e.id""",
    )


def _assert_rate_headers(response: httpx.Response, limit: int) -> None:
    assert response.headers["X-Rate-Limit-Limit"] == str(limit)
    assert int(response.headers["X-Rate-Limit-Remaining"]) >= 0
    assert int(response.headers["X-Rate-Limit-Reset"]) >= int(time.time())  # Unix time of the window's end
    assert "X-RateLimit-Limit" not in response.headers  # Workable spells it with a hyphen


# --- registry, sandbox, log ----------------------------------------------------------------------------------------


def test_registry_discovers_workable_and_endpoints_carry_the_api_path(box: Sandbox) -> None:
    assert emulator_classes()["workable"] is WorkableEmulator
    endpoint = box.endpoints()["workable"]
    assert endpoint["base_url"] == box.url("workable") + "/spi/v3"
    assert endpoint["token"] == "sandbox-workable-token" and endpoint["subdomain"] == "sandbox"


def test_request_log_records_method_path_query_and_status(wk: WorkableEmulator, api: Api) -> None:
    api.ok("jobs", limit=2)
    api.get("nope")
    assert wk.request_log[0] == LoggedRequest("GET", "/spi/v3/jobs", "limit=2", 200)
    assert wk.request_log.statuses("/spi/v3/nope") == [404]


# --- auth ----------------------------------------------------------------------------------------------------------


def test_missing_unknown_or_non_bearer_credentials_are_401(wk: WorkableEmulator, api: Api) -> None:
    base = api.endpoint["base_url"]
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic c2FuZGJveDo="}):
        response = httpx.get(f"{base}/candidates", headers=headers)
        assert response.status_code == 401 and response.json() == {"error": "Not authorized"}


def test_a_token_without_the_scope_is_403(wk: WorkableEmulator, box: Sandbox) -> None:
    jobs_only = Api(box.endpoints()["workable"], box.endpoints()["workable"]["jobs_only_token"])
    assert jobs_only.get("jobs").status_code == 200
    for path in ("candidates", f"candidates/{ids.CANDIDATES.encode(1)}", "jobs/XYZ/activities"):
        response = jobs_only.get(path)
        assert response.status_code == 403 and "r_candidates" in response.json()["error"], path


# --- envelope and paging (§4.2) ------------------------------------------------------------------------------------


def test_envelope_default_limit_and_insertion_order(wk: WorkableEmulator, api: Api, world: World) -> None:
    body = api.ok("candidates")
    assert set(body) == {"candidates", "paging"} and len(body["candidates"]) == 50
    served = [ids.CANDIDATES.decode(c["id"]) for c in body["candidates"]]
    assert served == [r["id"] for r in workable_candidates(world)[:50]]  # ascending: older first
    assert all(HEX.match(c["id"]) for c in body["candidates"])


def test_limit_is_capped_at_100_and_must_be_positive(wk: WorkableEmulator, api: Api) -> None:
    assert len(api.ok("candidates", limit=500)["candidates"]) == 100
    assert len(api.ok("candidates", limit=7)["candidates"]) == 7
    for bad in ("0", "-3", "many"):
        response = api.get("candidates", limit=bad)
        assert response.status_code == 422 and "limit" in response.json()["error"]


def test_next_url_is_absolute_account_scoped_and_absent_on_the_last_page(
    wk: WorkableEmulator, api: Api, world: World
) -> None:
    expected = [r["id"] for r in workable_candidates(world)]
    response = api.get("candidates", limit=40, updated_after="2000-01-01T00:00:00Z")
    seen: list[int] = []
    pages = 0
    while True:
        body = response.json()
        seen += [ids.CANDIDATES.decode(c["id"]) for c in body["candidates"]]
        pages += 1
        if "paging" not in body:
            break
        following = urlsplit(body["paging"]["next"])
        assert following.scheme == "http" and following.path == "/spi/v3/accounts/sandbox/candidates"
        query = parse_qs(following.query)
        # the next page repeats the filters and scrolls on with since_id (the first record of the next page)
        assert query["limit"] == ["40"] and query["updated_after"] == ["2000-01-01T00:00:00Z"]
        assert ids.CANDIDATES.decode(query["since_id"][0]) == expected[len(seen)]
        response = api.http.get(body["paging"]["next"])
    assert seen == expected and pages == -(-len(expected) // 40)
    # the account-scoped form answers only for this account's subdomain
    assert api.http.get(f"{api.endpoint['base_url']}/accounts/sandbox/jobs").status_code == 200
    assert api.http.get(f"{api.endpoint['base_url']}/accounts/other/jobs").status_code == 404


def test_since_id_and_max_id_are_inclusive(wk: WorkableEmulator, api: Api, world: World) -> None:
    expected = [r["id"] for r in workable_candidates(world)]
    since, upto = ids.CANDIDATES.encode(expected[10]), ids.CANDIDATES.encode(expected[14])
    got = [ids.CANDIDATES.decode(c["id"]) for c in api.ok("candidates", since_id=since, max_id=upto)["candidates"]]
    assert got == expected[10:15]
    # ids between two records scroll to the next one
    between = format(int(since, 16) + 1, "x")
    assert ids.CANDIDATES.decode(api.ok("candidates", since_id=between, limit=1)["candidates"][0]["id"]) == expected[11]
    for bad in ("zz-top", "0x12"):
        assert api.get("candidates", since_id=bad).status_code == 422


def test_paging_is_stable_while_the_world_changes(moved: tuple[World, Api]) -> None:
    world, client = moved
    before = {r["id"] for r in workable_candidates(world)}
    first = client.ok("candidates", limit=100)
    world.advance(3)
    # the rest of the crawl follows the next URL handed out before the move
    rest = client.crawl_from(first["paging"]["next"], "candidates")
    served = [c["id"] for c in first["candidates"] + rest]
    assert len(served) == len(set(served))
    after = {r["id"] for r in workable_candidates(world)}
    decoded = {ids.CANDIDATES.decode(i) for i in served}
    assert (before & after) <= decoded  # nothing that still exists was skipped
    assert decoded <= before | after


# --- timestamp filters (§4.4) --------------------------------------------------------------------------------------


def test_updated_after_accepts_iso_extended_basic_and_unix_time(wk: WorkableEmulator, api: Api, world: World) -> None:
    everyone = workable_candidates(world)
    cut = sorted(r["wk_updated_at"] for r in everyone)[len(everyone) // 2]
    expected = sorted(r["id"] for r in everyone if r["wk_updated_at"] >= cut)  # inclusive: "at or after"
    forms = [
        cut.strftime("%Y-%m-%dT%H:%M:%SZ"),
        cut.strftime("%Y%m%dT%H%M%SZ"),
        str(int(cut.replace(tzinfo=UTC).timestamp())),
        cut.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=2))).isoformat(),  # an offset, not Z
    ]
    for form in forms:
        got = sorted(ids.CANDIDATES.decode(c["id"]) for c in api.crawl("candidates", "candidates", updated_after=form))
        assert got == expected, form


def test_created_after_filters_on_creation(wk: WorkableEmulator, api: Api, world: World) -> None:
    everyone = workable_candidates(world)
    cut = everyone[len(everyone) // 3]["created_at"]
    got = [ids.CANDIDATES.decode(c["id"]) for c in api.crawl("candidates", "candidates", created_after=iso(cut))]
    assert got == [r["id"] for r in everyone if r["created_at"] >= cut]


def test_bad_timestamps_are_422(wk: WorkableEmulator, api: Api) -> None:
    for bad in ("yesterday", "2024-13-01T00:00:00Z", "20241301T000000Z"):
        response = api.get("candidates", updated_after=bad)
        assert response.status_code == 422 and "updated_after" in response.json()["error"], bad


def test_timestamp_parser_forms() -> None:
    expected = datetime(2015, 7, 8, 11, 56, 16)
    assert parse_timestamp("t", "2015-07-08T11:56:16Z") == expected
    assert parse_timestamp("t", "20150708T115616Z") == expected
    assert parse_timestamp("t", "20150708T135616+0200") == expected
    assert parse_timestamp("t", "2015-07-08T13:56:16 02:00") == expected  # an unencoded "+" arrives as a space
    assert parse_timestamp("t", "1436356576") == expected
    with pytest.raises(ParamError):
        parse_timestamp("t", "08/07/2015")


# --- filters -------------------------------------------------------------------------------------------------------


def test_candidate_filters_email_shortcode_and_stage(wk: WorkableEmulator, api: Api, world: World) -> None:
    everyone = workable_candidates(world)
    sample = everyone[5]
    got = api.ok("candidates", email=sample["email"].upper())["candidates"]
    assert {ids.CANDIDATES.decode(c["id"]) for c in got} == {r["id"] for r in everyone if r["email"] == sample["email"]}
    code = ids.shortcode(sample["job_id"])
    in_job = [r["id"] for r in everyone if r["job_id"] == sample["job_id"]]
    by_query = [ids.CANDIDATES.decode(c["id"]) for c in api.crawl("candidates", "candidates", shortcode=code)]
    by_path = [ids.CANDIDATES.decode(c["id"]) for c in api.crawl(f"jobs/{code}/candidates", "candidates")]
    assert by_query == by_path == in_job
    hired = [ids.CANDIDATES.decode(c["id"]) for c in api.crawl("candidates", "candidates", stage="hired")]
    assert hired == [r["id"] for r in everyone if r["status"] == "hired"] and hired
    name = next(r["stage_name"] for r in everyone if r["status"] == "active")
    staged = api.crawl("candidates", "candidates", stage=ids.slug(name))
    assert staged and all(c["stage"] == name for c in staged)
    assert api.ok("candidates", shortcode="NOSUCHJOB")["candidates"] == []
    assert api.get("jobs/NOSUCHJOB/candidates").status_code == 404


def test_members_default_to_active_and_filter_by_status(wk: WorkableEmulator, api: Api, world: World) -> None:
    users = rows(world, "select * from users order by id")
    every = api.crawl("members", "members", status="all")
    assert [m["id"] for m in every] == [ids.MEMBERS.encode(u["id"]) for u in users]
    active = [ids.MEMBERS.encode(u["id"]) for u in users if u["is_active"]]
    assert [m["id"] for m in api.crawl("members", "members")] == active
    assert api.get("members", status="retired").status_code == 422


# --- content -------------------------------------------------------------------------------------------------------


def test_counts_equal_the_world(wk: WorkableEmulator, api: Api, world: World) -> None:
    assert len(api.crawl("candidates", "candidates")) == len(workable_candidates(world))
    jobs = api.crawl("jobs", "jobs")
    assert [j["id"] for j in jobs] == [ids.JOBS.encode(r["id"]) for r in rows(world, "select id from jobs order by id")]
    per_job = {j["shortcode"]: api.crawl(f"jobs/{j['shortcode']}/activities", "activities") for j in jobs}
    events = visible_events(world)
    assert sum(len(v) for v in per_job.values()) == len(events)
    for job in rows(world, "select id from jobs"):
        served = [ids.ACTIVITIES.decode(a["id"]) for a in per_job[ids.shortcode(job["id"])]]
        assert served == [e["id"] for e in events if e["job_id"] == job["id"]]
    assert len(api.ok("disqualification_reasons")) == len(rows(world, "select * from rejection_reasons"))
    names = {r["name"] for r in rows(world, "select distinct name from job_stages")}
    assert {s["name"] for s in api.ok("stages")["stages"]} == names | {"Hired"}


def test_every_documented_key_is_present_with_iso_formats(wk: WorkableEmulator, api: Api) -> None:
    candidate = api.ok("candidates", limit=1)["candidates"][0]
    assert set(candidate) == CANDIDATE_KEYS
    assert set(candidate["account"]) == {"subdomain", "name"} and set(candidate["job"]) == {"shortcode", "title"}
    detail = api.ok(f"candidates/{candidate['id']}")
    assert set(detail) == {"candidate"} and set(detail["candidate"]) == DETAIL_KEYS
    job = api.ok("jobs", limit=1)["jobs"][0]
    assert set(job) == JOB_KEYS and set(job["location"]) == LOCATION_KEYS | {"telecommuting"}
    assert re.fullmatch(r"[0-9A-F]{10}", job["shortcode"])
    activity = api.ok(f"jobs/{job['shortcode']}/activities", limit=1)["activities"][0]
    assert set(activity) == ACTIVITY_KEYS | {"candidate"} and set(activity["candidate"]) == {"id", "name"}
    assert set(api.ok("members", limit=1)["members"][0]) == MEMBER_KEYS
    assert all(set(s) == STAGE_KEYS for s in api.ok("stages")["stages"])
    assert all(set(r) == REASON_KEYS for r in api.ok("disqualification_reasons"))
    for record in (candidate, job, activity):
        for key in ("created_at", "updated_at", "hired_at", "disqualified_at"):
            if record.get(key) is not None:
                assert TS.match(record[key]), (key, record[key])


def test_sampled_candidates_match_the_world_field_by_field(wk: WorkableEmulator, api: Api, world: World) -> None:
    everyone = workable_candidates(world)
    sample = [r for r in everyone if r["status"] == "hired"][:3] + [r for r in everyone if r["status"] == "rejected"][
        :6
    ]
    sample += [r for r in everyone if r["status"] == "active"][:3]
    for row in sample:
        got = api.ok(f"candidates/{ids.CANDIDATES.encode(row['id'])}")["candidate"]
        assert got["firstname"] == row["first_name"] and got["email"] == row["email"] and got["phone"] == row["phone"]
        assert got["created_at"] == iso(row["created_at"]) and got["updated_at"] == iso(row["wk_updated_at"])
        assert got["job"]["shortcode"] == ids.shortcode(row["job_id"]) and got["address"] == row["city"]
        rejected = row["status"] == "rejected"
        assert got["disqualified"] is rejected
        assert got["withdrew"] is (rejected and row["reason_type"] == "they_withdrew")
        assert got["disqualification_reason"] == (row["reason_name"] if rejected else None)
        assert got["disqualified_at"] == (iso(row["rejected_at"]) if rejected else None)
        if row["status"] == "hired":
            assert (got["stage"], got["stage_kind"], got["hired_at"]) == ("Hired", "hired", iso(row["hired_at"]))
        else:
            assert got["stage"] == row["stage_name"] and got["hired_at"] is None
        educations = rows(
            world,
            "select * from candidate_educations where candidate_id = ? and deleted_at is null order by id",
            [row["candidate_id"]],
        )
        assert [e["school"] for e in got["education_entries"]] == [e["school_name"] for e in educations]
        assert all(DAY.match(e["start_date"]) for e in got["education_entries"] if e["start_date"])


def test_stage_kinds_map_to_workable_kinds(wk: WorkableEmulator, api: Api) -> None:
    kinds = {s["kind"] for s in api.ok("stages")["stages"]}
    assert kinds <= {"applied", "phone-screen", "assessment", "interview", "offer", "hired"}
    positions = [s["position"] for s in api.ok("stages")["stages"]]
    assert positions == list(range(len(positions)))
    code = api.ok("jobs", limit=1)["jobs"][0]["shortcode"]
    job_stages = api.ok(f"jobs/{code}/stages")["stages"]
    assert job_stages[-1] == {"slug": "hired", "name": "Hired", "kind": "hired", "position": len(job_stages) - 1}


def test_activities_vocabulary_and_stage_moves(wk: WorkableEmulator, api: Api, world: World) -> None:
    events = {e["id"]: e for e in visible_events(world)}
    stages = {r["id"]: r["name"] for r in rows(world, "select id, name from job_stages")}
    for job in rows(world, "select id from jobs"):
        for got in api.crawl(f"jobs/{ids.shortcode(job['id'])}/activities", "activities"):
            event = events[ids.ACTIVITIES.decode(got["id"])]
            kind = event["kind"]
            assert got["created_at"] == got["updated_at"] == iso(event["occurred_at"])
            assert got["candidate"]["id"] == ids.CANDIDATES.encode(event["application_id"])
            if kind == "stage_change":
                assert got["action"] == "moved"
                assert got["action_stage"] == {"id": event["from_stage_id"], "name": stages[event["from_stage_id"]]}
                assert got["target_stage"] == {"id": event["to_stage_id"], "name": stages[event["to_stage_id"]]}
                assert got["stage_name"] == stages[event["from_stage_id"]]
            elif kind == "hired":
                assert got["action"] == "moved" and got["target_stage"]["name"] == "Hired"
            elif kind in ("rejected", "withdrew"):
                assert got["action"] == "disqualified" and got["body"] and got["target_stage"] is None
            elif kind == "unrejected":
                assert got["action"] == "reverted"
            else:
                assert got["action"] in ("applied", "sourced") and got["action_stage"]["id"] == event["to_stage_id"]
            assert (got["member"] is None) == (event["user_id"] is None)


def test_candidate_activities_and_detail_404(wk: WorkableEmulator, api: Api, world: World) -> None:
    row = next(r for r in workable_candidates(world) if r["status"] == "hired")
    cid = ids.CANDIDATES.encode(row["id"])
    served = api.ok(f"candidates/{cid}/activities")["activities"]
    expected = visible_events(world, f"e.application_id = {row['id']}")
    assert [ids.ACTIVITIES.decode(a["id"]) for a in served] == [e["id"] for e in expected]
    assert all(set(a) == ACTIVITY_KEYS for a in served)  # no candidate: it is the path
    later = api.ok(f"candidates/{cid}/activities", updated_after=served[-1]["created_at"])["activities"]
    assert [a["id"] for a in later] == [a["id"] for a in served if a["created_at"] >= served[-1]["created_at"]]
    for missing in ("ffff", "2a00000", "not-an-id"):
        response = api.get(f"candidates/{missing}")
        assert response.status_code == 404 and response.json() == {"error": "Not found"}


def test_disqualification_reasons_are_a_bare_array(wk: WorkableEmulator, api: Api, world: World) -> None:
    reasons = api.ok("disqualification_reasons")
    assert isinstance(reasons, list)
    world_reasons = rows(world, "select * from rejection_reasons order by id")
    assert [r["description"] for r in reasons] == [r["name"] for r in world_reasons]
    assert [r["candidate_withdrew"] for r in reasons] == [r["type"] == "they_withdrew" for r in world_reasons]


# --- rate limits (§4.3) --------------------------------------------------------------------------------------------


def test_rate_limit_headers_on_every_api_response(wk: WorkableEmulator, api: Api, box: Sandbox) -> None:
    wk.settings.rate_limit = RateLimitSettings(limit=1000, window_seconds=30)
    jobs_only = Api(box.endpoints()["workable"], box.endpoints()["workable"]["jobs_only_token"])
    responses = [
        api.get("candidates"),  # 200
        api.get("candidates", limit="x"),  # 422
        api.get("candidates/ffff"),  # 404
        httpx.get(f"{api.endpoint['base_url']}/jobs"),  # 401, keyed by IP
        jobs_only.get("candidates"),  # 403, its own token's window
    ]
    assert [r.status_code for r in responses] == [200, 422, 404, 401, 403]
    for response in responses:
        _assert_rate_headers(response, 1000)
    assert [int(r.headers["X-Rate-Limit-Remaining"]) for r in responses[:3]] == [999, 998, 997]


def test_over_the_limit_is_429_per_token(wk: WorkableEmulator, api: Api, box: Sandbox) -> None:
    wk.settings.rate_limit = RateLimitSettings(limit=3, window_seconds=1)
    statuses = [api.get("jobs").status_code for _ in range(3)]
    throttled = api.get("jobs")
    assert statuses == [200, 200, 200] and throttled.status_code == 429
    assert throttled.json() == {"error": "Too many requests"}
    _assert_rate_headers(throttled, 3)
    assert throttled.headers["X-Rate-Limit-Remaining"] == "0"
    other = Api(box.endpoints()["workable"], box.endpoints()["workable"]["jobs_only_token"])
    assert other.get("jobs").status_code == 200  # another token, another window
    time.sleep(1.05)
    assert api.get("jobs").status_code == 200


def test_default_limit_is_10_requests_per_10_seconds() -> None:
    default = WorkableEmulator.default_rate_limit()
    assert (default.kind, default.limit, default.window_seconds) == ("fixed_window", 10, 10.0)


# --- faults --------------------------------------------------------------------------------------------------------


def test_injected_5xx_resets_and_throttles(wk: WorkableEmulator, api: Api) -> None:
    wk.settings.faults.error_rate = 0.3
    responses = [api.get("stages") for _ in range(60)]
    errors = [r for r in responses if r.status_code >= 500]
    assert 0.15 <= len(errors) / len(responses) <= 0.45
    assert all("error" in r.json() and "X-Rate-Limit-Limit" in r.headers for r in errors)
    wk.settings.faults.error_rate = 0.0
    wk.settings.faults.throttle_rate = 1.0
    throttled = api.get("stages")
    assert throttled.status_code == 429 and throttled.headers["X-Rate-Limit-Remaining"] == "0"
    wk.settings.faults.throttle_rate = 0.0
    wk.settings.faults.reset_rate = 1.0
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a dropped connection reads as either
        api.get("stages")
    assert wk.request_log.statuses("/spi/v3/stages")[-1] == 0


# --- after time moves: deletes, merges, anonymization, job states ---------------------------------------------------


@pytest.fixture(scope="module")
def moved() -> Iterator[tuple[World, Api]]:
    """A world advanced 30 days, served by its own sandbox."""
    world = World.generate(WorldConfig(seed=42, applications=300))
    changes = world.advance(30)
    assert changes["deleted_applications"] and changes["merged_candidates"] and changes["anonymized_candidates"]
    with Sandbox(world, vendors=["workable"], settings={"workable": FAST.model_copy(deep=True)}) as sandbox:
        client = Api(sandbox.endpoints()["workable"])
        yield world, client
        client.http.close()
    world.close()


def test_after_time_moves_deleted_applications_are_gone(moved: tuple[World, Api]) -> None:
    world, client = moved
    served = {ids.CANDIDATES.decode(c["id"]) for c in client.crawl("candidates", "candidates")}
    assert served == {r["id"] for r in workable_candidates(world)}
    deleted = rows(world, "select id from applications where deleted_at is not null")
    assert deleted and not served & {r["id"] for r in deleted}
    for row in deleted[:3]:
        assert client.get(f"candidates/{ids.CANDIDATES.encode(row['id'])}").status_code == 404
    gone_events = rows(world, "select id from application_events where deleted_at is not null")
    job_codes = [j["shortcode"] for j in client.crawl("jobs", "jobs")]
    activity_ids = {ids.ACTIVITIES.decode(a["id"]) for c in job_codes for a in client.crawl(f"jobs/{c}/activities",
                                                                                             "activities")}  # fmt: skip
    assert gone_events and not activity_ids & {r["id"] for r in gone_events}


def test_after_time_moves_merged_applications_show_the_survivor(moved: tuple[World, Api]) -> None:
    world, client = moved
    merged = rows(
        world,
        """select a.id, s.email, s.first_name from candidates d join applications a on a.candidate_id = d.merged_into_id
           join candidates s on s.id = d.merged_into_id
           where d.merged_into_id is not null and a.deleted_at is null and a.job_id is not null""",
    )
    assert merged
    for row in merged:
        got = client.ok(f"candidates/{ids.CANDIDATES.encode(row['id'])}")["candidate"]
        assert got["email"] == row["email"] and got["firstname"] == row["first_name"]


def test_after_time_moves_anonymized_candidates_have_no_pii(moved: tuple[World, Api]) -> None:
    world, client = moved
    anonymized = rows(
        world,
        """select a.id, c.anonymized_at from candidates c join applications a on a.candidate_id = c.id
           where c.anonymized_at is not null and a.deleted_at is null and a.job_id is not null""",
    )
    assert anonymized
    for row in anonymized:
        got = client.ok(f"candidates/{ids.CANDIDATES.encode(row['id'])}")["candidate"]
        assert got["name"] is got["firstname"] is got["email"] is got["phone"] is got["address"] is None
        assert got["education_entries"] == got["experience_entries"] == [] and got["location"] is None
        assert got["updated_at"] >= iso(row["anonymized_at"])


def test_job_states_follow_workable_semantics(moved: tuple[World, Api]) -> None:
    world, client = moved
    with world.cursor() as cur:  # a draft and a confidential job besides the world's open and closed ones
        cur.execute("update jobs set status = 'draft', opened_at = null where id = 2")
        cur.execute("update jobs set status = 'open', confidential = true where id = 3")
    jobs = {j["id"]: j for j in client.crawl("jobs", "jobs")}
    expected = {"draft": "draft", "closed": "archived"}
    for row in rows(world, "select id, status, confidential from jobs"):
        state = "closed" if row["confidential"] else "published"
        assert jobs[ids.JOBS.encode(row["id"])]["state"] == expected.get(row["status"], state)
    assert {j["state"] for j in jobs.values()} >= {"draft", "closed", "published", "archived"}
    drafts = [ids.JOBS.encode(r["id"]) for r in rows(world, "select id from jobs where status = 'draft' order by id")]
    assert [j["id"] for j in client.crawl("jobs", "jobs", state="draft")] == drafts
    updated = sorted(r["updated_at"] for r in rows(world, "select updated_at from jobs"))[-3]
    assert len(client.crawl("jobs", "jobs", updated_after=iso(updated))) >= 3


# --- a third-party client ------------------------------------------------------------------------------------------


def test_dlt_rest_client_pages_through_with_only_the_base_url_changed(
    wk: WorkableEmulator, api: Api, world: World
) -> None:
    from dlt.sources.helpers.rest_client import RESTClient
    from dlt.sources.helpers.rest_client.auth import BearerTokenAuth
    from dlt.sources.helpers.rest_client.paginators import JSONLinkPaginator

    client = RESTClient(
        base_url=api.endpoint["base_url"],
        auth=BearerTokenAuth(api.endpoint["token"]),
        paginator=JSONLinkPaginator(next_url_path="paging.next"),
        data_selector="candidates",
    )
    served = [c["id"] for page in client.paginate("/candidates", params={"limit": 100}) for c in page]
    assert [ids.CANDIDATES.decode(i) for i in served] == [r["id"] for r in workable_candidates(world)]


def test_id_spaces_round_trip_and_never_collide() -> None:
    spaces = [ids.CANDIDATES, ids.JOBS, ids.MEMBERS, ids.ACTIVITIES, ids.REASONS, ids.EDUCATION, ids.EXPERIENCE]
    for space in spaces:
        for n in (1, 2, 999, 123_456):
            assert space.decode(space.encode(n)) == n
    encoded = [space.encode(n) for space in spaces for n in range(1, 2000)]
    assert len(set(encoded)) == len(encoded)
