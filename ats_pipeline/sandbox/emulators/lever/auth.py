"""Lever API keys (ats_apis.md §2.1): HTTP Basic with the key as username and a blank password.

Sandbox keys (fixed, documented, non-secret):
- ``sandbox-lever-key``: every read scope, EEO with PII included;
- ``sandbox-lever-key-no-eeo-pii``: the same without ``eeo_responses_pii:read:admin`` (Lever grants EEO PII
  separately), so ``/eeo/responses/pii`` answers 403 while ``/eeo/responses`` works.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

FULL_KEY = "sandbox-lever-key"
NO_PII_KEY = "sandbox-lever-key-no-eeo-pii"
PII_SCOPE = "eeo_responses_pii:read:admin"

SCOPES = frozenset(
    f"{name}:read:admin"
    for name in (
        "opportunities",
        "applications",
        "interviews",
        "panels",
        "feedback",
        "offers",
        "postings",
        "stages",
        "archive_reasons",
        "sources",
        "users",
        "requisitions",
        "eeo_responses",
        "eeo_responses_pii",
    )
)
KEYS: dict[str, frozenset[str]] = {FULL_KEY: SCOPES, NO_PII_KEY: SCOPES - {PII_SCOPE}}


@dataclass(frozen=True)
class Denied:
    status: int
    code: str
    message: str

    def response(self) -> Response:
        headers = {"WWW-Authenticate": 'Basic realm="Lever"'} if self.status == 401 else None
        return JSONResponse({"code": self.code, "message": self.message}, status_code=self.status, headers=headers)


def basic_username(authorization: str | None) -> str | None:
    """The username of an ``Authorization: Basic ...`` header (the password is ignored, as Lever's is blank)."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, _ = decoded.partition(":")
    return user if sep and user else None


def check(request: Request, scope: str) -> Denied | None:
    """None when the request may proceed, else why not (401 without a valid key, 403 without the scope)."""
    key = basic_username(request.headers.get("authorization"))
    if key is None:
        return Denied(401, "UnauthorizedError", "Missing API key: use HTTP Basic auth with the key as username")
    scopes = KEYS.get(key)
    if scopes is None:
        return Denied(401, "UnauthorizedError", "Invalid API key")
    if scope not in scopes:
        return Denied(403, "ForbiddenError", f"This API key is not authorized for this endpoint ({scope})")
    return None
