"""Ashby Public API emulator: ``POST /<object>.<action>`` with JSON bodies, HTTP Basic API keys.

Endpoints (ats_apis.md §3): ``candidate.list``, ``application.list``, ``applicationFeedback.list``,
``interviewSchedule.list``, ``offer.list``, ``job.list``, ``user.list`` (cursor + syncToken), ``department.list``,
``location.list``, ``source.list``, ``archiveReason.list``, ``interviewPlan.list`` (cursor only),
``application.listHistory`` (per application, cursor only) and ``interviewStage.list`` (per interview plan, not
paged). Paging, cursors and sync tokens: ``paging.py``; record shapes: ``shapes.py``; what each reads: ``resources.py``.

Rate limit: Ashby publishes none for these endpoints and documents no rate-limit headers, so none are sent; over the
limit is a 429 with ``Retry-After`` and a ``rate_limit_exceeded`` envelope. The sandbox default (a token bucket of
15 requests per second per API key) is the sandbox's own choice.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Scope

from ats_pipeline.sandbox.emulator.base import Emulator, WorldLike
from ats_pipeline.sandbox.emulator.ratelimit import RateLimitDecision
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulators.ashby import ids, shapes
from ats_pipeline.sandbox.emulators.ashby.auth import authorize, claimed_key, sandbox_keys
from ats_pipeline.sandbox.emulators.ashby.envelope import (
    AshbyError,
    error_body,
    error_response,
    invalid_input,
    success,
)
from ats_pipeline.sandbox.emulators.ashby.paging import ListBody, Pass, Tokens, epoch_ms, page_size, parse_body
from ats_pipeline.sandbox.emulators.ashby.resources import (
    ENDPOINTS,
    HISTORY,
    PER_PARENT_PERMISSIONS,
    STAGES,
    ListEndpoint,
)
from ats_pipeline.sandbox.emulators.ashby.vocab import fetch

DEFAULT_SYNC_TOKEN_TTL = timedelta(days=30)  # world time; the real lifetime is not published


class AshbyEmulator(Emulator):
    vendor: ClassVar[str] = "ashby"
    base_path: ClassVar[str] = ""

    def __init__(self, world: WorldLike, settings: EmulatorSettings | None = None) -> None:
        super().__init__(world, settings)
        self.keys = sandbox_keys(self.settings.seed)
        self.tokens = Tokens(self.signer, self.settings.cursor_ttl_seconds, DEFAULT_SYNC_TOKEN_TTL)

    @property
    def sync_token_ttl(self) -> timedelta:
        """How much world time a sync token stays valid; tests shorten it to see tokens expire."""
        return self.tokens.sync_token_ttl

    @sync_token_ttl.setter
    def sync_token_ttl(self, value: timedelta) -> None:
        self.tokens.sync_token_ttl = value

    @classmethod
    def default_rate_limit(cls) -> RateLimitSettings:
        return RateLimitSettings(kind="token_bucket", limit=15, window_seconds=1.0, burst=15)

    def credentials(self) -> dict[str, str]:
        return {key.name: secret for secret, key in self.keys.items()}

    def routes(self) -> list[BaseRoute]:
        return [Route("/{method}", self._call, methods=["POST"])]

    # --- framework hooks ------------------------------------------------------------------------------------------

    def rate_limit_key(self, scope: Scope) -> str | None:
        authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        key = claimed_key(authorization)
        return f"key:{key}" if key else None

    def rate_limit_headers(self, decision: RateLimitDecision) -> dict[str, str]:
        return {}  # none documented

    def rate_limited_response(self, decision: RateLimitDecision) -> Response:
        return JSONResponse(error_body("rate_limit_exceeded", "Rate limit exceeded; retry later."), status_code=429)

    def not_found_response(self, request: Request) -> Response:
        return JSONResponse(error_body("not_found", "No such endpoint."), status_code=404)

    # --- dispatch -------------------------------------------------------------------------------------------------

    async def _call(self, request: Request) -> Response:
        method = request.path_params["method"]
        endpoint = ENDPOINTS.get(method)
        permission = endpoint.permission if endpoint else PER_PARENT_PERMISSIONS.get(method)
        if permission is None:
            return self.not_found_response(request)
        raw = await request.body()
        # DuckDB work runs in the thread pool, so it never blocks the event loop.
        return await run_in_threadpool(
            self._handle, method, endpoint, permission, request.headers.get("authorization"), raw
        )

    def _handle(
        self, method: str, endpoint: ListEndpoint | None, permission: str, authorization: str | None, raw: bytes
    ) -> Response:
        try:
            authorize(authorization, self.keys, permission)
            body = _json(raw)
            cur = self.world.cursor()
            try:
                if endpoint is not None:
                    return self._list(cur, endpoint, body)
                if method == STAGES:
                    return self._stages(cur, body)
                return self._history(cur, body)
            finally:
                cur.close()
        except AshbyError as error:
            return error_response(error)

    def _now(self) -> datetime:
        now = self.world.now
        return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo is not None else now

    # --- list endpoints -------------------------------------------------------------------------------------------

    def _list(self, cur: Any, endpoint: ListEndpoint, raw: Any) -> Response:
        body = parse_body(raw)
        limit = page_size(body)
        if body.cursor is not None:
            state = self.tokens.resume(endpoint.name, body.cursor)
        else:
            state = self._first_pass(endpoint, body)
        where, params = self._where(endpoint, state)
        rows = fetch(
            cur, f"select * from ({endpoint.relation}) t where {' and '.join(where)} order by t.id limit {limit + 1}",
            params,
        )  # fmt: skip
        more = len(rows) > limit
        rows = rows[:limit]
        extra: dict[str, Any] = {"moreDataAvailable": more}
        if more:
            extra["nextCursor"] = self.tokens.cursor(replace(state, after=rows[-1]["id"]))
        else:
            # The quirk: a stale cursor on the last page, replaying this very page.
            extra["nextCursor"] = body.cursor or self.tokens.cursor(state)
            if endpoint.sync:
                extra["syncToken"] = self.tokens.sync_token(endpoint.name, state.as_of)
        return success(endpoint.render(cur, rows) if rows else [], **extra)

    def _first_pass(self, endpoint: ListEndpoint, body: ListBody) -> Pass:
        now = self._now()
        since = None
        if body.syncToken is not None:
            if not endpoint.sync:
                raise invalid_input(f"{endpoint.name} does not support syncToken.")
            since = self.tokens.since(endpoint.name, body.syncToken, now)
        created_after = None
        if body.createdAfter is not None:
            if not endpoint.created_after:
                raise invalid_input(f"{endpoint.name} does not support createdAfter.")
            created_after = epoch_ms(body.createdAfter)
        extras = body.model_extra or {}
        filters = {name: extras[name] for name in endpoint.filters if name in extras}
        state = Pass(endpoint.name, now, since, created_after, filters)
        self._where(endpoint, state)  # validate the filters now, not on a later page
        return state

    @staticmethod
    def _where(endpoint: ListEndpoint, state: Pass) -> tuple[list[str], list[Any]]:
        where, params = ["true"], []
        for name, build in endpoint.filters.items():
            if name in state.filters:
                clause, values = build(state.filters[name])
                where.append(clause)
                params.extend(values)
            elif name in endpoint.defaults:
                where.append(endpoint.defaults[name])
        if state.since is not None:
            where.append("t.changed_at > ?")
            params.append(state.since)
        if state.created_after is not None:
            where.append("t.created_at > ?")
            params.append(state.created_after)
        if state.after is not None:
            where.append("t.id > ?")
            params.append(state.after)
        return where, params

    # --- per-parent endpoints -------------------------------------------------------------------------------------

    def _history(self, cur: Any, raw: Any) -> Response:
        body = parse_body(raw)
        limit = page_size(body)
        value = (body.model_extra or {}).get("applicationId")
        if value is None:
            raise invalid_input("applicationId is required.")
        if not ids.is_uuid(value):
            raise invalid_input("applicationId must be a UUID.")
        app = ids.decode("application", value)
        offset = 0
        if body.cursor is not None:
            state = self.tokens.resume(HISTORY, body.cursor)
            if state.filters.get("applicationId") != value:
                raise AshbyError("cursor_invalid", "The cursor belongs to another application.")
            offset = state.after or 0
        sql = f"{shapes.HISTORY_SQL} limit {limit + 1} offset {offset}"
        rows = fetch(cur, sql, [app]) if app is not None else []
        if not rows and not self._exists(cur, "applications", app):
            raise AshbyError("application_not_found", "Application not found.")
        more = len(rows) > limit
        rows = rows[:limit]
        state = Pass(HISTORY, self._now(), filters={"applicationId": value}, after=offset + len(rows))
        cursor = self.tokens.cursor(state if more else replace(state, after=offset))
        return success(shapes.history(cur, rows) if rows else [], moreDataAvailable=more, nextCursor=cursor)

    @staticmethod
    def _exists(cur: Any, table: str, ident: int | None) -> bool:
        if ident is None:
            return False
        return bool(
            cur.execute(f"select count(*) from {table} where id = ? and deleted_at is null", [ident]).fetchone()[0]
        )

    def _stages(self, cur: Any, raw: Any) -> Response:
        if not isinstance(raw, dict) or "interviewPlanId" not in raw:
            raise invalid_input("interviewPlanId is required.")
        value = raw["interviewPlanId"]
        if not ids.is_uuid(value):
            raise invalid_input("interviewPlanId must be a UUID.")
        job = ids.decode("interview_plan", value)
        if not self._exists(cur, "jobs", job):
            raise AshbyError("interview_plan_not_found", "Interview plan not found.")
        rows = fetch(cur, "select * from job_stages where job_id = ? order by stage_order, id", [job])
        # Not paginated: every stage of the plan, and no moreDataAvailable at all.
        return success(shapes.interview_stages(cur, rows))


def _json(raw: bytes) -> Any:
    if not raw.strip():
        return {}  # an empty body is as good as {}
    try:
        return json.loads(raw)
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None
