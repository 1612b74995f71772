"""Greenhouse Harvest v3 emulator: ``POST /token``, ``GET /v3/<resource>``, signed attachment downloads.

Paging (ats_apis.md §1.3): bare JSON arrays ordered by id descending; ``per_page`` 1-500 (default 100); only
``Link: <.../v3/<resource>?cursor=...>; rel="next"``, absent on the last page. The cursor is opaque: base64url of a
signed JSON payload carrying the resource, the first request's accepted filters, the last id served and an expiry
(``settings.cursor_ttl_seconds``). A cursor must travel alone: any other parameter next to it is a 422.
"""

from __future__ import annotations

import time
from datetime import UTC
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Scope

from ats_pipeline.sandbox.emulator.base import Emulator, WorldLike
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulator.signing import BadSignature
from ats_pipeline.sandbox.emulators.greenhouse import attachments
from ats_pipeline.sandbox.emulators.greenhouse.auth import (
    FULL_CLIENT_ID,
    FULL_CLIENT_SECRET,
    LIMITED_CLIENT_ID,
    LIMITED_CLIENT_SECRET,
    TokenStore,
    bearer_token,
    check_bearer,
    sandbox_clients,
    scope_for,
    token_endpoint,
)
from ats_pipeline.sandbox.emulators.greenhouse.paging import SqlSource
from ats_pipeline.sandbox.emulators.greenhouse.params import (
    CURSOR_WITH_OTHER_PARAMS,
    ListQuery,
    ParamError,
    parse_list_params,
)
from ats_pipeline.sandbox.emulators.greenhouse.resources import RESOURCES, RenderContext, Resource, world_start


class GreenhouseEmulator(Emulator):
    vendor: ClassVar[str] = "greenhouse"
    base_path: ClassVar[str] = "/v3"

    def __init__(self, world: WorldLike, settings: EmulatorSettings | None = None) -> None:
        super().__init__(world, settings)
        self.clients = sandbox_clients(RESOURCES)
        self.tokens = TokenStore(self.signer)
        # Greenhouse's links live seven days; tests shorten this to see them expire.
        self.attachment_url_ttl_seconds = attachments.SEVEN_DAYS

    @classmethod
    def default_rate_limit(cls) -> RateLimitSettings:
        # v1 documents 50 requests per 10 s window per key; v3 publishes no number (ats_apis.md §1.4).
        return RateLimitSettings(kind="fixed_window", limit=50, window_seconds=10.0)

    def credentials(self) -> dict[str, str]:
        return {
            "token_url": "/token",
            "client_id": FULL_CLIENT_ID,
            "client_secret": FULL_CLIENT_SECRET,
            "limited_client_id": LIMITED_CLIENT_ID,
            "limited_client_secret": LIMITED_CLIENT_SECRET,
        }

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/token", self._token, methods=["POST"]),
            Route("/v3/{resource}", self._list, methods=["GET"]),
            Route("/attachments/{attachment_id:int}/download", self._download, methods=["GET"]),
        ]

    def rate_limit_key(self, scope: Scope) -> str | None:
        authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        token = bearer_token(authorization)
        issued = self.tokens.lookup(token) if token else None
        return f"client:{issued.client_id}" if issued else None

    def not_found_response(self, request: Request) -> Response:
        return JSONResponse({"message": "Resource not found"}, status_code=404)

    # --- handlers -----------------------------------------------------------------------------------------------

    async def _token(self, request: Request) -> Response:
        return await token_endpoint(request, self.clients, self.tokens, self.settings.token_ttl_seconds)

    def _list(self, request: Request) -> Response:
        # Sync on purpose: Starlette runs it in the thread pool, so DuckDB work never blocks the event loop.
        name = request.path_params["resource"]
        resource = RESOURCES.get(name)
        if resource is None:
            return self.not_found_response(request)
        denied = check_bearer(request, self.tokens, scope_for(name))
        if denied is not None:
            return denied
        try:
            query, after = self._parse(request, resource)
        except ParamError as exc:
            return JSONResponse({"errors": [str(exc)]}, status_code=422)

        now = self.world.now
        if now.tzinfo is not None:  # world timestamps are naive UTC
            now = now.astimezone(UTC).replace(tzinfo=None)
        cur = self.world.cursor()
        try:
            if isinstance(resource.source, SqlSource):
                rows = resource.source.page(cur, query, after, query.per_page + 1)
            else:
                rows = resource.source.page(cur, query, after, query.per_page + 1, world_start(cur))
        finally:
            cur.close()

        more = len(rows) > query.per_page
        rows = rows[: query.per_page]
        origin = str(request.base_url).rstrip("/")
        expires = int(time.time() + self.attachment_url_ttl_seconds)
        ctx = RenderContext(
            now=now, attachment_url=lambda ident: attachments.signed_url(self.signer, origin, ident, expires)
        )
        body: list[dict[str, Any]] = [resource.render(row, ctx) for row in rows]
        if query.fields is not None:
            body = [{k: v for k, v in item.items() if k in query.fields} for item in body]
        headers = {}
        if more:
            cursor = self._encode_cursor(name, query, rows[-1]["id"])
            headers["Link"] = f'<{origin}{self.base_path}/{name}?cursor={cursor}>; rel="next"'
        return JSONResponse(body, headers=headers)

    def _download(self, request: Request) -> Response:
        cur = self.world.cursor()
        try:
            return attachments.download(request, self.signer, cur)
        finally:
            cur.close()

    # --- cursors ------------------------------------------------------------------------------------------------

    def _parse(self, request: Request, resource: Resource) -> tuple[ListQuery, int | None]:
        items = request.query_params.multi_items()
        if not any(key == "cursor" for key, _ in items):
            return parse_list_params(dict(items), resource.filters), None
        if len(items) > 1:
            raise ParamError(CURSOR_WITH_OTHER_PARAMS)
        try:
            payload = self.signer.loads(items[0][1])
            if payload["r"] != resource.name:
                raise BadSignature("cursor of another resource")
            accepted, last_id, expires = dict(payload["q"]), int(payload["l"]), float(payload["e"])
        except (BadSignature, KeyError, TypeError, ValueError):
            raise ParamError("Invalid cursor.") from None
        if time.time() >= expires:
            raise ParamError("Cursor has expired.")
        return parse_list_params(accepted, resource.filters), last_id

    def _encode_cursor(self, name: str, query: ListQuery, last_id: int) -> str:
        expires = time.time() + self.settings.cursor_ttl_seconds
        return self.signer.dumps({"r": name, "q": dict(query.accepted), "l": last_id, "e": round(expires, 3)})
