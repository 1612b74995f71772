"""Exceptions raised by the HTTP layer, with messages that are safe to log and show.

Messages name the connection, the HTTP method and the endpoint *path* (never the query string: cursors and
tokens travel there), the status and a short body snippet. Known secrets are redacted from the snippet.
"""

from __future__ import annotations

import http
import re
from collections.abc import Iterable

import httpx

BODY_SNIPPET_CHARS = 300
_REDACTED = "[REDACTED]"
# Shorter strings are too likely to occur by chance in a body for redaction to be meaningful.
_MIN_SECRET_CHARS = 4


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in ``text``."""
    for secret in sorted({s for s in secrets if s and len(s) >= _MIN_SECRET_CHARS}, key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    return text


def body_snippet(response: httpx.Response, secrets: Iterable[str] = ()) -> str:
    """First ``BODY_SNIPPET_CHARS`` characters of the body, whitespace collapsed, secrets redacted."""
    try:
        text = response.text
    except (httpx.ResponseNotRead, httpx.StreamError, UnicodeDecodeError):
        return ""
    text = redact(re.sub(r"\s+", " ", text).strip(), secrets)
    if len(text) > BODY_SNIPPET_CHARS:
        text = text[: BODY_SNIPPET_CHARS - 1] + "…"
    return text


def status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def describe_connection(connection: str, vendor: str = "") -> str:
    """``greenhouse connection 'gh_sandbox'`` from a bare name (+ vendor); a ready-made label is kept as is."""
    if "connection" in connection.lower():
        return connection
    who = f"connection '{connection}'" if connection else "connection"
    return f"{vendor} {who}" if vendor else who


class ApiError(Exception):
    """An ATS API call failed. Base of every error this package raises."""

    def __init__(
        self,
        connection: str,
        method: str,
        endpoint: str,
        status: int | None,
        detail: str = "",
        *,
        vendor: str = "",
        token_endpoint: bool = False,
        response: httpx.Response | None = None,
    ) -> None:
        self.connection = connection
        self.method = method.upper()
        # Path only, defensively: callers may hand us a full URL.
        self.endpoint = httpx.URL(endpoint).path if "://" in endpoint or "?" in endpoint else endpoint
        self.status = status
        self.detail = detail[:BODY_SNIPPET_CHARS]
        self.vendor = vendor
        self.token_endpoint = token_endpoint
        # Kept for the retry policy (Retry-After, reset headers); not part of the message.
        self.response = response
        # Only the (secret-free) message goes into args, so repr() and pickling are safe too.
        super().__init__(self._message())

    def __reduce__(self) -> tuple:
        # Picklable despite the keyword-rich __init__ (errors may cross process boundaries); the response is dropped.
        state = {k: v for k, v in self.__dict__.items() if k != "response"}
        return (_restore_error, (type(self), str(self), state))

    def _who(self) -> str:
        return describe_connection(self.connection, self.vendor)

    def _what(self) -> str:
        target = f"{self.method} {self.endpoint}"
        return f"token endpoint {target}" if self.token_endpoint else target

    def _outcome(self) -> str:
        if self.status is None:
            return "failed"
        phrase = status_phrase(self.status)
        return f"failed with HTTP {self.status}{' ' + phrase if phrase else ''}"

    def _message(self) -> str:
        msg = f"{self._who()}: {self._what()} {self._outcome()}"
        return f"{msg}: {self.detail}" if self.detail else msg


class AuthenticationError(ApiError):
    """401: missing, invalid or expired credentials (or bad OAuth client credentials)."""


class PermissionDeniedError(ApiError):
    """403: the key/token lacks the permission or scope for this endpoint."""


class InvalidRequestError(ApiError):
    """400/404/422: the request itself is wrong (bad params, unknown id, expired cursor...)."""


class RetriesExhaustedError(ApiError):
    """A retryable failure (429, 5xx, connection error) persisted for ``attempts`` attempts."""

    def __init__(
        self,
        connection: str,
        method: str,
        endpoint: str,
        status: int | None,
        detail: str = "",
        *,
        attempts: int,
        vendor: str = "",
        token_endpoint: bool = False,
        response: httpx.Response | None = None,
    ) -> None:
        self.attempts = attempts
        super().__init__(
            connection,
            method,
            endpoint,
            status,
            detail,
            vendor=vendor,
            token_endpoint=token_endpoint,
            response=response,
        )

    def _outcome(self) -> str:
        last = f"HTTP {self.status} {status_phrase(self.status)}".rstrip() if self.status is not None else "error"
        attempts = f"{self.attempts} attempt{'s' if self.attempts != 1 else ''}"
        return f"failed after {attempts}, last with {last}"


def _restore_error(cls: type[ApiError], message: str, state: dict) -> ApiError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state, response=None)
    return error


def error_class_for_status(status: int) -> type[ApiError]:
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status in (400, 404, 422):
        return InvalidRequestError
    return ApiError


def error_from_response(
    response: httpx.Response,
    *,
    connection: str,
    vendor: str = "",
    secrets: Iterable[str] = (),
    token_endpoint: bool = False,
) -> ApiError:
    """Build the right ApiError subclass for a non-success response."""
    request = response.request
    cls = error_class_for_status(response.status_code)
    return cls(
        connection,
        request.method,
        request.url.path,
        response.status_code,
        body_snippet(response, secrets),
        vendor=vendor,
        token_endpoint=token_endpoint,
        response=response,
    )
