"""List request bodies, opaque cursors and sync tokens (ats_apis.md §3.2).

- ``limit``: page size, default and maximum 100; larger values are capped ("automatically capped by the API"), a
  non-integer or a value below 1 is ``invalid_input``.
- ``cursor``: signed, carries everything the pass needs (filters, the sync window, the last world id served), so a
  follow-up request may send the cursor alone. A tampered or expired cursor is ``cursor_invalid``.
- ``syncToken``: signed world time at which a pass *started*; a pass started with a token returns the records whose
  change time is after it. Tokens older than ``sync_token_ttl`` world time fail with ``sync_token_expired`` (the
  code is not documented; a client must fall back to a full sync). A token of another endpoint or a made-up one is
  ``invalid_input``.
- The last page says ``moreDataAvailable: false``, carries the next ``syncToken`` and, like the real API, still a
  ``nextCursor``: a stale one that replays the page just served, so a client that loops on ``nextCursor`` instead of
  ``moreDataAvailable`` never stops.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from ats_pipeline.sandbox.emulator.signing import BadSignature, Signer
from ats_pipeline.sandbox.emulators.ashby.envelope import AshbyError, invalid_input

MAX_LIMIT = 100


class ListBody(BaseModel):
    """The paging fields every list endpoint shares; endpoint filters stay in the extras."""

    model_config = ConfigDict(extra="allow")

    cursor: StrictStr | None = None
    limit: StrictInt | None = None
    syncToken: StrictStr | None = None
    createdAfter: StrictInt | None = None


def parse_body(raw: Any) -> ListBody:
    if not isinstance(raw, dict):
        raise invalid_input("The request body must be a JSON object.")
    try:
        return ListBody.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise invalid_input(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def page_size(body: ListBody) -> int:
    if body.limit is None:
        return MAX_LIMIT
    if body.limit < 1:
        raise invalid_input("limit must be a positive integer.")
    return min(body.limit, MAX_LIMIT)


@dataclass(frozen=True)
class Pass:
    """One paging pass over an endpoint: what it selects and where it stands."""

    endpoint: str
    as_of: datetime  # world time when the pass started: the next sync token
    since: datetime | None = None  # change-time lower bound (exclusive), from a sync token
    created_after: datetime | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    after: int | None = None  # last world id served


class Tokens:
    def __init__(self, signer: Signer, cursor_ttl_seconds: float, sync_token_ttl: timedelta) -> None:
        self.signer = signer
        self.cursor_ttl_seconds = cursor_ttl_seconds
        self.sync_token_ttl = sync_token_ttl

    # --- cursors ---

    def cursor(self, state: Pass) -> str:
        return self.signer.dumps(
            {
                "r": state.endpoint,
                "o": state.as_of.isoformat(),
                "s": state.since.isoformat() if state.since else None,
                "c": state.created_after.isoformat() if state.created_after else None,
                "f": state.filters,
                "a": state.after,
                "e": round(time.time() + self.cursor_ttl_seconds, 3),
            }
        )

    def resume(self, endpoint: str, cursor: str) -> Pass:
        try:
            p = self.signer.loads(cursor)
            if p["r"] != endpoint:
                raise BadSignature("cursor of another endpoint")
            state = Pass(
                endpoint,
                datetime.fromisoformat(p["o"]),
                datetime.fromisoformat(p["s"]) if p["s"] else None,
                datetime.fromisoformat(p["c"]) if p["c"] else None,
                dict(p["f"]),
                None if p["a"] is None else int(p["a"]),
            )
            expired = time.time() >= float(p["e"])
        except (BadSignature, KeyError, TypeError, ValueError):
            raise AshbyError("cursor_invalid", f"Invalid cursor '{cursor[:16]}'") from None
        if expired:
            raise AshbyError("cursor_invalid", "The cursor has expired; start the listing again.")
        return state

    # --- sync tokens ---

    def sync_token(self, endpoint: str, as_of: datetime) -> str:
        return self.signer.dumps({"r": endpoint, "t": as_of.isoformat()})

    def since(self, endpoint: str, token: str, now: datetime) -> datetime:
        try:
            p = self.signer.loads(token)
            if p["r"] != endpoint:
                raise BadSignature("token of another endpoint")
            issued = datetime.fromisoformat(p["t"])
        except (BadSignature, KeyError, TypeError, ValueError):
            raise invalid_input("Invalid syncToken.") from None
        if now - issued > self.sync_token_ttl:
            raise AshbyError("sync_token_expired", "The sync token has expired; run a full sync without a syncToken.")
        return issued


def epoch_ms(value: int) -> datetime:
    """``createdAfter`` (Unix epoch milliseconds) as a naive UTC datetime, like the world's timestamps."""
    return datetime(1970, 1, 1) + timedelta(milliseconds=value)
