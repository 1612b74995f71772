"""Harvest v3 OAuth2 client credentials (ats_apis.md §1.2): ``POST /token`` and bearer checks on the API.

Sandbox clients (fixed, documented, non-secret):
- ``sandbox-greenhouse`` / ``sandbox-greenhouse-secret``: every ``harvest:<resource>:list`` scope;
- ``sandbox-greenhouse-limited`` / ``sandbox-greenhouse-limited-secret``: the same without the EEOC and
  demographic scopes (to exercise 403).

Tokens are JWT-shaped (HS256 over the emulator's sandbox key) and expire after ``settings.token_ttl_seconds`` of
wall-clock time; the token store is the only state an emulator writes.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ats_pipeline.sandbox.emulator.signing import Signer, b64url_encode
from ats_pipeline.sandbox.emulators.greenhouse.vocab import ts

FULL_CLIENT_ID = "sandbox-greenhouse"
FULL_CLIENT_SECRET = "sandbox-greenhouse-secret"
LIMITED_CLIENT_ID = "sandbox-greenhouse-limited"
LIMITED_CLIENT_SECRET = "sandbox-greenhouse-limited-secret"
RESTRICTED_PREFIXES = ("harvest:eeoc:", "harvest:demographic_")


def scope_for(resource: str) -> str:
    return f"harvest:{resource}:list"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    scopes: frozenset[str]


def sandbox_clients(resources: Iterable[str]) -> dict[str, Client]:
    every = frozenset(scope_for(r) for r in resources)
    limited = frozenset(s for s in every if not s.startswith(RESTRICTED_PREFIXES))
    return {
        FULL_CLIENT_ID: Client(FULL_CLIENT_ID, FULL_CLIENT_SECRET, every),
        LIMITED_CLIENT_ID: Client(LIMITED_CLIENT_ID, LIMITED_CLIENT_SECRET, limited),
    }


@dataclass(frozen=True)
class IssuedToken:
    client_id: str
    scopes: frozenset[str]
    sub: str | None
    expires_at: float  # Unix seconds


class TokenStore:
    def __init__(self, signer: Signer) -> None:
        self._signer = signer
        self._lock = threading.Lock()
        self._tokens: dict[str, IssuedToken] = {}

    def issue(self, client: Client, scopes: frozenset[str], sub: str | None, ttl: float) -> tuple[str, IssuedToken]:
        now = time.time()
        issued = IssuedToken(client.client_id, scopes, sub, now + ttl)
        header = b64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        claims = {
            "iss": "https://auth.greenhouse.io",
            "sub": sub or client.client_id,
            "client_id": client.client_id,
            "scope": " ".join(sorted(scopes)),
            "iat": int(now),
            "exp": int(issued.expires_at),
            "jti": uuid.uuid4().hex,
        }
        payload = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
        signature = b64url_encode(bytes.fromhex(self._signer.signature(f"{header}.{payload}")))
        token = f"{header}.{payload}.{signature}"
        with self._lock:
            self._tokens[token] = issued
        return token, issued

    def lookup(self, token: str) -> IssuedToken | None:
        with self._lock:
            return self._tokens.get(token)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def _oauth_error(error: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error}, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


async def token_endpoint(request: Request, clients: dict[str, Client], store: TokenStore, ttl: float) -> Response:
    """RFC 6749 §4.4: client authenticates with HTTP Basic, form body ``grant_type=client_credentials``."""
    credentials = _basic_credentials(request.headers.get("authorization"))
    client = clients.get(credentials[0]) if credentials else None
    if client is None or credentials is None or credentials[1] != client.client_secret:
        return _oauth_error("invalid_client", 401, {"WWW-Authenticate": 'Basic realm="greenhouse"'})
    # Parsed by hand: starlette's request.form() needs python-multipart, which the project does not depend on.
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    grant = form.get("grant_type")
    if not grant:
        return _oauth_error("invalid_request", 400)
    if grant != "client_credentials":
        return _oauth_error("unsupported_grant_type", 400)
    sub = form.get("sub") or None
    if sub is not None and not sub.isdigit():
        return _oauth_error("invalid_request", 400)
    scopes = client.scopes
    if form.get("scope"):
        wanted = frozenset(form["scope"].split())
        if not wanted <= client.scopes:
            return _oauth_error("invalid_scope", 400)
        scopes = wanted
    token, issued = store.issue(client, scopes, sub, ttl)
    expires_at = ts(datetime.fromtimestamp(issued.expires_at, UTC).replace(tzinfo=None))
    return JSONResponse(
        {"access_token": token, "token_type": "Bearer", "expires_at": expires_at},
        headers={"Cache-Control": "no-store"},
    )


def check_bearer(request: Request, store: TokenStore, scope: str) -> Response | None:
    """None when the request may proceed, else the 401/403 to send."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return _unauthorized("Missing access token.")
    issued = store.lookup(token)
    if issued is None:
        return _unauthorized("Invalid access token.")
    if time.time() >= issued.expires_at:
        return _unauthorized("Access token expired.")
    if scope not in issued.scopes:
        return JSONResponse({"message": f"Missing required scope: {scope}"}, status_code=403)
    return None


def _unauthorized(message: str) -> JSONResponse:
    return JSONResponse(
        {"message": message}, status_code=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
    )
