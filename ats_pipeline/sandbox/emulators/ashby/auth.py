"""API keys of the sandbox and their module permissions (Ashby's authentication reference).

HTTP Basic with the key as username and any (normally blank) password. A missing key is 401; a wrong or
deactivated key is 403; a valid key without the endpoint's module permission is 403 ``missing_endpoint_permission``.
The error codes of the first two are not documented (the docs only say the body is human-readable); the ones here are
the sandbox's own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from ats_pipeline.sandbox.emulators.ashby.envelope import AshbyError

ALL_PERMISSIONS = frozenset(
    {"candidatesRead", "jobsRead", "interviewsRead", "hiringProcessMetadataRead", "organizationRead", "offersRead"}
)


@dataclass(frozen=True)
class ApiKey:
    name: str
    secret: str
    permissions: frozenset[str]
    enabled: bool = True


def _secret(seed: int, name: str) -> str:
    return hashlib.sha256(f"ashby-sandbox:{seed}:{name}".encode()).hexdigest()[:40]


def sandbox_keys(seed: int) -> dict[str, ApiKey]:
    """Three keys: full read access, one without ``offersRead``, and a deactivated one. Keyed by secret."""
    keys = [
        ApiKey("api_key", _secret(seed, "full"), ALL_PERMISSIONS),
        ApiKey("limited_api_key", _secret(seed, "limited"), ALL_PERMISSIONS - {"offersRead"}),
        ApiKey("deactivated_api_key", _secret(seed, "deactivated"), ALL_PERMISSIONS, enabled=False),
    ]
    return {key.secret: key for key in keys}


def claimed_key(authorization: str | None) -> str | None:
    """The username of a Basic ``Authorization`` header (the API key), or None."""
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username = decoded.split(":", 1)[0]
    return username or None


def authorize(authorization: str | None, keys: dict[str, ApiKey], permission: str) -> ApiKey:
    """The key a request authenticates with, or an AshbyError (401/403) saying why it may not call the endpoint."""
    secret = claimed_key(authorization)
    if secret is None:
        raise AshbyError(
            "missing_api_key",
            "No API key provided: use HTTP Basic auth with the API key as the username and a blank password.",
            401,
        )
    key = keys.get(secret)
    if key is None:
        raise AshbyError("invalid_api_key", "The API key is invalid.", 403)
    if not key.enabled:
        raise AshbyError("api_key_deactivated", "The API key has been deactivated.", 403)
    if permission not in key.permissions:
        raise AshbyError(
            "missing_endpoint_permission", f"The API key is missing the {permission} permission for this endpoint.", 403
        )
    return key
