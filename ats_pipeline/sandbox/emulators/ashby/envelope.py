"""Ashby's response envelope: ``{success, results, ...}`` on success, ``{success: false, errors, errorInfo}`` on error.

Most errors are HTTP 200 (ats_apis.md §3.4); authentication and permission failures are 401/403 (Ashby's
authentication reference); rate limiting is 429.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse


class AshbyError(Exception):
    """A request the API refuses with an error envelope."""

    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def error_body(code: str, message: str) -> dict[str, Any]:
    # `errors` (a list of codes) is deprecated in favour of `errorInfo`, but still sent.
    return {
        "success": False,
        "errors": [code],
        "errorInfo": {"code": code, "message": message, "requestId": str(uuid.uuid4())},
    }


def error_response(error: AshbyError) -> JSONResponse:
    return JSONResponse(error_body(error.code, error.message), status_code=error.status)


def success(results: Any, **extra: Any) -> JSONResponse:
    return JSONResponse({"success": True, "results": results, **extra})


def invalid_input(message: str) -> AshbyError:
    return AshbyError("invalid_input", message)
