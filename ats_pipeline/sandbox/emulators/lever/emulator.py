"""Lever Data API v1 emulator (ats_apis.md §2, §10.1): ``GET /v1/...`` over the world, read-only.

- Auth: HTTP Basic, API key as username, blank password (``auth.py``); 401 without a known key, 403 without the
  endpoint's scope (the sandbox offers a key without the EEO-PII scope).
- Lists: ``{data, hasNext, next}`` with ``limit`` and the opaque ``offset`` token (``paging.py``); filters in epoch
  milliseconds (``filters.py``); records rendered from the world (``shapes.py``, ``resources.py``).
- Per-opportunity lists under ``/v1/opportunities/{id}/...`` (404 for an unknown or deleted opportunity);
  ``/v1/opportunities/{id}`` answers ``{data: {...}}``; deletions are listed by ``/v1/opportunities/deleted``,
  ``/v1/applications/deleted`` and ``/v1/postings/deleted``.
- Rate limit: a token bucket per API key, 10 requests/s with bursts of 20 (🟡 third-party sweep); over it, 429.
  Lever documents no rate-limit headers and no ``Retry-After`` (❓, none found in vendor docs or connectors;
  tap-lever and Airbyte back off exponentially), so the emulator sends none, on 429s included: clients must pace
  themselves and back off.
- Errors are ``{"code": ..., "message": ...}`` (code strings ❓, as amp-labs' Lever error model reads them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from ats_pipeline.sandbox.emulator.base import Emulator
from ats_pipeline.sandbox.emulator.ratelimit import RateLimitDecision
from ats_pipeline.sandbox.emulator.settings import RateLimitSettings
from ats_pipeline.sandbox.emulators.lever import auth
from ats_pipeline.sandbox.emulators.lever.filters import predicates
from ats_pipeline.sandbox.emulators.lever.ids import neutral_id
from ats_pipeline.sandbox.emulators.lever.paging import (
    ParamError,
    Position,
    decode_token,
    envelope,
    keyset,
    order_by,
    parse_limit,
)
from ats_pipeline.sandbox.emulators.lever.resources import CHILD_LISTS, LISTS, OPPORTUNITY_LIST, PARENT, ListSpec
from ats_pipeline.sandbox.emulators.lever.shapes import RenderContext, fetch


class _Bare(JSONResponse):
    """A JSON response that drops ``Retry-After`` (the framework adds one to every 429; Lever sends none)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k.lower() != b"retry-after"]
        await super().__call__(scope, receive, send)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


class LeverEmulator(Emulator):
    vendor: ClassVar[str] = "lever"
    base_path: ClassVar[str] = "/v1"

    @classmethod
    def default_rate_limit(cls) -> RateLimitSettings:
        return RateLimitSettings(kind="token_bucket", limit=10, window_seconds=1.0, burst=20)

    def credentials(self) -> dict[str, str]:
        return {"api_key": auth.FULL_KEY, "limited_api_key": auth.NO_PII_KEY}

    def routes(self) -> list[BaseRoute]:
        # Fixed paths first: /v1/opportunities/deleted must not be taken for an opportunity id.
        fixed = [Route(f"/v1/{path}", self._list_endpoint(spec), methods=["GET"]) for path, spec in LISTS.items()]
        return [
            *fixed,
            Route("/v1/opportunities/{opportunity}", self._opportunity, methods=["GET"]),
            Route("/v1/opportunities/{opportunity}/{child}", self._child, methods=["GET"]),
        ]

    # --- framework hooks ----------------------------------------------------------------------------------------

    def rate_limit_key(self, scope: Scope) -> str | None:
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        key = auth.basic_username(header)
        return f"key:{key}" if key in auth.KEYS else None

    def rate_limit_headers(self, decision: RateLimitDecision) -> dict[str, str]:
        return {}

    def rate_limited_response(self, decision: RateLimitDecision) -> Response:
        return _Bare({"code": "TooManyRequests", "message": "Rate limit exceeded, slow down"}, status_code=429)

    def fault_response(self, status: int) -> Response:
        codes = {500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable"}
        return _error(status, codes.get(status, "ServerError"), "Something went wrong, please retry")

    def not_found_response(self, request: Request) -> Response:
        return _error(404, "ResourceNotFound", f"Resource not found: {request.url.path}")

    def method_not_allowed_response(self, request: Request) -> Response:
        return _error(405, "MethodNotAllowed", f"{request.method} is not allowed on {request.url.path}")

    # --- handlers (sync on purpose: Starlette runs them in its thread pool, off the event loop) -----------------

    def _list_endpoint(self, spec: ListSpec) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            return self._page(request, spec, None)

        return endpoint

    def _child(self, request: Request) -> Response:
        spec = CHILD_LISTS.get(request.path_params["child"])
        if spec is None:
            return self.not_found_response(request)
        return self._page(request, spec, request.path_params["opportunity"])

    def _opportunity(self, request: Request) -> Response:
        denied = auth.check(request, OPPORTUNITY_LIST.scope)
        if denied is not None:
            return denied.response()
        try:
            params = _params(request)
            expand = _expand(OPPORTUNITY_LIST, params)
        except ParamError as exc:
            return _error(400, "BadRequestError", str(exc))
        nid = neutral_id("opportunity", request.path_params["opportunity"])
        cur = self.world.cursor()
        try:
            rows = (
                [] if nid is None else fetch(cur, f"select * from {OPPORTUNITY_LIST.relation} t where t.nid = ?", [nid])
            )
            if not rows:
                return _error(404, "ResourceNotFound", "Opportunity not found")
            if OPPORTUNITY_LIST.enrich is not None:
                OPPORTUNITY_LIST.enrich(cur, rows)
        finally:
            cur.close()
        return JSONResponse({"data": OPPORTUNITY_LIST.render(rows[0], RenderContext(expand))})

    def _page(self, request: Request, spec: ListSpec, opportunity: str | None) -> Response:
        denied = auth.check(request, spec.scope)
        if denied is not None:
            return denied.response()
        try:
            params = _params(request)
            limit = parse_limit({k: v[-1] for k, v in params.items()})
            position = decode_token(spec.kind, params["offset"][-1]) if "offset" in params else None
            expand = _expand(spec, params)
            where, args = predicates(spec.filters, params)
        except ParamError as exc:
            return _error(400, "BadRequestError", str(exc))
        relation = spec.relation
        parent: int | None = None
        if opportunity is not None:
            parent = neutral_id("opportunity", opportunity)
            if parent is None:
                return _error(404, "ResourceNotFound", "Opportunity not found")
            relation = relation.replace(PARENT, str(int(parent)))
        after, after_args = keyset(position, spec.ascending)
        sql = f"select * from {relation} t where {where} and {after} {order_by(spec.ascending)} limit {limit + 1}"
        cur = self.world.cursor()
        try:
            rows = fetch(cur, sql, [*args, *after_args])
            # Children go with a deleted opportunity, so only an empty answer needs to ask whether it exists.
            if not rows and parent is not None and not _live_opportunity(cur, parent):
                return _error(404, "ResourceNotFound", "Opportunity not found")
            following = Position(rows[limit]["sort_key"], rows[limit]["nid"]) if len(rows) > limit else None
            rows = rows[:limit]
            if rows and spec.enrich is not None:
                spec.enrich(cur, rows)
        finally:
            cur.close()
        ctx = RenderContext(expand)
        return JSONResponse(envelope(spec.kind, [spec.render(r, ctx) for r in rows], following))


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def _expand(spec: ListSpec, params: Mapping[str, list[str]]) -> frozenset[str]:
    wanted = frozenset(v.strip() for value in params.get("expand", []) for v in value.split(",") if v.strip())
    unknown = wanted - spec.expand
    if unknown:
        raise ParamError(
            f"Invalid expand {', '.join(sorted(unknown))}: expandable are {', '.join(sorted(spec.expand))}"
        )
    return wanted


def _live_opportunity(cur: Any, nid: int) -> bool:
    cur.execute("select 1 from applications where id = ? and deleted_at is null", [nid])
    return cur.fetchone() is not None
