"""Workable account API tokens (ats_apis.md §4.1): ``Authorization: Bearer <token>``, scoped.

Sandbox tokens (fixed, documented, non-secret):
- ``sandbox-workable-token``: ``r_jobs`` and ``r_candidates``, everything this emulator serves;
- ``sandbox-workable-jobs-only``: ``r_jobs`` only, to exercise 403 on candidate data.

A missing or unknown token is a 401 ``{"error": "Not authorized"}``; a known token without the endpoint's scope is
a 403.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

FULL_TOKEN = "sandbox-workable-token"
JOBS_ONLY_TOKEN = "sandbox-workable-jobs-only"
R_JOBS = "r_jobs"
R_CANDIDATES = "r_candidates"

TOKENS: dict[str, frozenset[str]] = {
    FULL_TOKEN: frozenset({R_JOBS, R_CANDIDATES}),
    JOBS_ONLY_TOKEN: frozenset({R_JOBS}),
}


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def known_token(authorization: str | None) -> str | None:
    """The token a request carries, if it is one of ours (rate limits are kept per token)."""
    token = bearer_token(authorization)
    return token if token in TOKENS else None


def check(request: Request, scope: str) -> Response | None:
    """None when the request may proceed, else the 401/403 to send."""
    token = known_token(request.headers.get("authorization"))
    if token is None:
        return JSONResponse({"error": "Not authorized"}, status_code=401)
    if scope not in TOKENS[token]:
        return JSONResponse({"error": f"Not authorized: the token lacks the {scope} scope"}, status_code=403)
    return None
