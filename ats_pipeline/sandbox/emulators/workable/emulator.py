"""Workable SPI v3 emulator: ``GET /spi/v3/<resource>`` with bearer tokens, scroll paging and Workable's headers.

Paging (ats_apis.md §4.2): ``{"<resource>": [...], "paging": {"next": "<absolute URL>"}}``, no ``paging`` key on the
last page; ``limit`` 50 by default, at most 100; records in insertion order; the next URL repeats the filters and
scrolls with ``since_id`` (inclusive). Next URLs use the account-scoped form
``/spi/v3/accounts/<subdomain>/<resource>``, which the emulator serves too: clients must follow them verbatim.

Rate limit (§4.3): 10 requests per 10 s per account token (fixed window), headers ``X-Rate-Limit-Limit``,
``X-Rate-Limit-Remaining``, ``X-Rate-Limit-Reset`` (Unix time) on every API response, 429 beyond.

The sandbox serves one account; the base URL (``<origin>/spi/v3``) stands for ``https://<subdomain>.workable.com``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Scope

from ats_pipeline.sandbox.emulator.base import Emulator, WorldLike
from ats_pipeline.sandbox.emulator.ratelimit import RateLimitDecision
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.workable import auth, ids, queries, shapes
from ats_pipeline.sandbox.emulators.workable.params import ListQuery, ParamError, parse_list_query
from ats_pipeline.sandbox.emulators.workable.queries import Page, Row

API = "/spi/v3"
SUBDOMAIN = "sandbox"
ACCOUNT_NAME = "Northwind Talent (sandbox)"
MEMBER_STATUSES = ("active", "inactive", "all")

Handler = Callable[[Request], Response]


class WorkableEmulator(Emulator):
    vendor: ClassVar[str] = "workable"
    base_path: ClassVar[str] = API

    def __init__(self, world: WorldLike, settings: EmulatorSettings | None = None) -> None:
        super().__init__(world, settings)
        self.account = shapes.Account(SUBDOMAIN, ACCOUNT_NAME)
        self._shortcodes: dict[str, int] = {}  # job shortcode -> world job id, rebuilt on a miss

    @classmethod
    def default_rate_limit(cls) -> RateLimitSettings:
        # Account (API access) tokens: 10 requests per 10 seconds (ats_apis.md §4.3).
        return RateLimitSettings(kind="fixed_window", limit=10, window_seconds=10.0)

    def credentials(self) -> dict[str, str]:
        return {"token": auth.FULL_TOKEN, "jobs_only_token": auth.JOBS_ONLY_TOKEN, "subdomain": SUBDOMAIN}

    def routes(self) -> list[BaseRoute]:
        table: list[tuple[str, Handler]] = [
            ("/jobs", self._jobs),
            ("/jobs/{shortcode}", self._job),
            ("/jobs/{shortcode}/stages", self._job_stages),
            ("/jobs/{shortcode}/candidates", self._candidates),
            ("/jobs/{shortcode}/activities", self._job_activities),
            ("/stages", self._stages),
            ("/members", self._members),
            ("/disqualification_reasons", self._reasons),
            ("/candidates", self._candidates),
            ("/candidates/{candidate_id}", self._candidate),
            ("/candidates/{candidate_id}/activities", self._candidate_activities),
        ]
        routes: list[BaseRoute] = []
        for path, handler in table:
            routes.append(Route(API + path, handler, methods=["GET"]))
            # the account-scoped form used by paging links
            routes.append(Route(f"{API}/accounts/{{subdomain}}{path}", handler, methods=["GET"]))
        return routes

    # --- framework hooks ----------------------------------------------------------------------------------------

    def rate_limit_key(self, scope: Scope) -> str | None:
        authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        token = auth.known_token(authorization)
        return f"token:{token}" if token else None

    def rate_limit_headers(self, decision: RateLimitDecision) -> dict[str, str]:
        return {
            "X-Rate-Limit-Limit": str(decision.limit),
            "X-Rate-Limit-Remaining": str(decision.remaining),
            "X-Rate-Limit-Reset": str(decision.reset_epoch),
        }

    def rate_limited_response(self, decision: RateLimitDecision) -> Response:
        return JSONResponse({"error": "Too many requests"}, status_code=429)

    def fault_response(self, status: int) -> Response:
        phrase = {500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable"}.get(status, "Error")
        return JSONResponse({"error": phrase}, status_code=status)

    def not_found_response(self, request: Request) -> Response:
        return JSONResponse({"error": "Not found"}, status_code=404)

    def method_not_allowed_response(self, request: Request) -> Response:
        return JSONResponse({"error": "Method not allowed"}, status_code=405)

    # --- handlers (sync: Starlette runs them in the thread pool, so DuckDB never blocks the event loop) ----------

    def _jobs(self, request: Request) -> Response:
        def rows(cur: Any, q: ListQuery, page: Page) -> list[Row]:
            return queries.jobs_page(cur, page, q.filters.get("state"))

        def render(cur: Any, found: list[Row]) -> list[dict[str, Any]]:
            departments = queries.departments(cur)
            return [shapes.job(r, self.account, departments) for r in found]

        return self._list(request, auth.R_JOBS, "jobs", ids.JOBS, rows, render, filters=("state",), dated=True)

    def _job(self, request: Request) -> Response:
        def answer(cur: Any, job_id: int) -> Response:
            row = queries.job(cur, job_id)
            if row is None:
                return self.not_found_response(request)
            details = dict.fromkeys(
                ("description", "full_description", "requirements", "benefits", "employment_type", "industry",
                 "function", "experience", "education")
            )  # fmt: skip
            return JSONResponse(shapes.job(row, self.account, queries.departments(cur)) | details)

        return self._for_job(request, auth.R_JOBS, answer)

    def _job_stages(self, request: Request) -> Response:
        def answer(cur: Any, job_id: int) -> Response:
            return JSONResponse({"stages": shapes.job_stages(queries.job_stages(cur, job_id))})

        return self._for_job(request, auth.R_JOBS, answer)

    def _job_activities(self, request: Request) -> Response:
        def answer(cur: Any, job_id: int) -> Response:
            def rows(cur: Any, q: ListQuery, page: Page) -> list[Row]:
                return queries.activities_page(cur, page, job_id=job_id)

            def render(cur: Any, found: list[Row]) -> list[dict[str, Any]]:
                return [shapes.activity(r, with_candidate=True) for r in found]

            return self._list(request, auth.R_CANDIDATES, "activities", ids.ACTIVITIES, rows, render, cur=cur)

        return self._for_job(request, auth.R_CANDIDATES, answer)

    def _stages(self, request: Request) -> Response:
        denied = auth.check(request, auth.R_JOBS)
        if denied is not None:
            return denied
        with self.world.cursor() as cur:
            return JSONResponse({"stages": shapes.account_stages(queries.account_stages(cur))})

    def _members(self, request: Request) -> Response:
        def rows(cur: Any, q: ListQuery, page: Page) -> list[Row]:
            status = q.filters.get("status", "active").lower()
            if status not in MEMBER_STATUSES:
                raise ParamError(f"status must be one of {', '.join(MEMBER_STATUSES)}")
            return queries.members_page(cur, page, status, q.filters.get("email"))

        def render(cur: Any, found: list[Row]) -> list[dict[str, Any]]:
            return [shapes.member(r) for r in found]

        return self._list(request, auth.R_JOBS, "members", ids.MEMBERS, rows, render, filters=("status", "email"))

    def _reasons(self, request: Request) -> Response:
        denied = auth.check(request, auth.R_JOBS)
        if denied is not None:
            return denied
        with self.world.cursor() as cur:
            found = queries.disqualification_reasons(cur)
        # Not wrapped and not paged: this endpoint answers a bare JSON array (as open-source connectors parse it).
        return JSONResponse([shapes.disqualification_reason(r, i) for i, r in enumerate(found)])

    def _candidates(self, request: Request) -> Response:
        path_code = request.path_params.get("shortcode")

        def rows(cur: Any, q: ListQuery, page: Page) -> list[Row]:
            code = path_code or q.filters.get("shortcode")
            selected = queries.CandidateFilter(email=q.filters.get("email"))
            if code is not None:
                job_id = self._job_id(cur, code)
                if job_id is None:
                    return []
                selected = queries.CandidateFilter(job_id=job_id, email=selected.email)
            stage = q.filters.get("stage")
            if stage is not None:
                slug = stage.lower()
                if slug == ids.slug(shapes.HIRED):
                    selected = queries.CandidateFilter(selected.job_id, selected.email, None, True)
                else:
                    stages = queries.stage_ids_for_slug(cur, slug)
                    selected = queries.CandidateFilter(selected.job_id, selected.email, stages, False)
            return queries.candidates_page(cur, page, selected)

        def render(cur: Any, found: list[Row]) -> list[dict[str, Any]]:
            return [shapes.candidate(r, self.account) for r in found]

        if path_code is not None and not self._job_exists(path_code):
            return self._denied_or_missing(request, auth.R_CANDIDATES)
        filters = ("email", "stage") if path_code else ("email", "shortcode", "stage")
        return self._list(request, auth.R_CANDIDATES, "candidates", ids.CANDIDATES, rows, render, filters=filters,
                          dated=True)  # fmt: skip

    def _candidate(self, request: Request) -> Response:
        denied = auth.check(request, auth.R_CANDIDATES)
        if denied is not None:
            return denied
        app_id = ids.CANDIDATES.decode(request.path_params["candidate_id"])
        with self.world.cursor() as cur:
            row = queries.candidate(cur, app_id) if app_id is not None else None
            if row is None:
                return self.not_found_response(request)
            educations, employments = queries.profile_entries(cur, row["person_id"])
        return JSONResponse({"candidate": shapes.candidate_detail(row, self.account, educations, employments)})

    def _candidate_activities(self, request: Request) -> Response:
        denied = auth.check(request, auth.R_CANDIDATES)
        if denied is not None:
            return denied
        app_id = ids.CANDIDATES.decode(request.path_params["candidate_id"])
        with self.world.cursor() as cur:
            if app_id is None or queries.candidate(cur, app_id) is None:
                return self.not_found_response(request)

            def rows(cur: Any, q: ListQuery, page: Page) -> list[Row]:
                return queries.activities_page(cur, page, app_id=app_id)

            def render(cur: Any, found: list[Row]) -> list[dict[str, Any]]:
                return [shapes.activity(r, with_candidate=False) for r in found]

            return self._list(request, auth.R_CANDIDATES, "activities", ids.ACTIVITIES, rows, render, dated=True,
                              cur=cur)  # fmt: skip

    # --- shared list machinery ----------------------------------------------------------------------------------

    def _list(
        self,
        request: Request,
        scope: str,
        key: str,
        space: ids.HexIds,
        rows: Callable[[Any, ListQuery, Page], list[Row]],
        render: Callable[[Any, list[Row]], list[dict[str, Any]]],
        *,
        filters: tuple[str, ...] = (),
        dated: bool = False,
        cur: Any = None,
    ) -> Response:
        denied = auth.check(request, scope)
        if denied is not None:
            return denied
        if not self._account_matches(request):
            return self.not_found_response(request)
        try:
            query = parse_list_query(dict(request.query_params), filters, dated)
            page = Page(
                limit=query.limit,
                at_least=space.at_least(query.since_id) if query.since_id else None,
                at_most=space.at_most(query.max_id) if query.max_id else None,
                created_after=query.created_after,
                updated_after=query.updated_after,
            )
            own = cur is None
            cur = self.world.cursor() if own else cur
            try:
                found = rows(cur, query, page)
                more = len(found) > query.limit
                body: dict[str, Any] = {key: render(cur, found[: query.limit])}
            finally:
                if own:
                    cur.close()
        except ParamError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        if more:
            following = {**query.carried, "since_id": space.encode(found[query.limit]["id"])}
            body["paging"] = {"next": self._next_url(request, following)}
        return JSONResponse(body)

    def _next_url(self, request: Request, params: dict[str, str]) -> str:
        origin = str(request.base_url).rstrip("/")
        path = request.url.path
        rest = path.split(f"/accounts/{self.account.subdomain}", 1)[-1] if "/accounts/" in path else path[len(API) :]
        return f"{origin}{API}/accounts/{self.account.subdomain}{rest}?{urlencode(params)}"

    def _account_matches(self, request: Request) -> bool:
        subdomain = request.path_params.get("subdomain")
        return subdomain is None or subdomain == self.account.subdomain

    def _job_exists(self, code: str) -> bool:
        with self.world.cursor() as cur:
            return self._job_id(cur, code) is not None

    def _job_id(self, cur: Any, code: str) -> int | None:
        code = code.upper()
        if code not in self._shortcodes:
            self._shortcodes = queries.job_ids_by_shortcode(cur)  # a new job (or none): one pass over the jobs
        return self._shortcodes.get(code)

    def _denied_or_missing(self, request: Request, scope: str) -> Response:
        return auth.check(request, scope) or self.not_found_response(request)

    def _for_job(self, request: Request, scope: str, answer: Callable[[Any, int], Response]) -> Response:
        denied = auth.check(request, scope)
        if denied is not None:
            return denied
        if not self._account_matches(request):
            return self.not_found_response(request)
        with self.world.cursor() as cur:
            job_id = self._job_id(cur, request.path_params["shortcode"])
            if job_id is None:
                return self.not_found_response(request)
            return answer(cur, job_id)
