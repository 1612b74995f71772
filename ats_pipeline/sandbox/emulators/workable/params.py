"""SPI v3 query parameters: scroll (``limit``, ``since_id``, ``max_id``) and timestamp filters.

Rules (ats_apis.md §4.2, §4.4):
- ``limit``: default 50, at most 100 (a larger value is served as 100, "cannot be more than 100"); not a positive
  integer -> 422;
- ``since_id`` / ``max_id``: inclusive bounds on the (hex) id; not an id -> 422;
- ``created_after`` / ``updated_after``: ISO 8601 extended (``2015-07-08T11:56:16Z``), ISO 8601 basic
  (``20150708T115616Z``) or Unix seconds (``1436356576``); inclusive ("at or after"), so a client that sends back
  the last value it saw gets the boundary records again. Anything else -> 422.
Every failure is a 422 ``{"error": "..."}``; unknown parameters are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from ats_pipeline.sandbox.emulators.workable.ids import hex_value

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
_BASIC = re.compile(
    r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)?$", re.IGNORECASE
)


class ParamError(ValueError):
    """A request the API rejects with 422."""


@dataclass(frozen=True)
class ListQuery:
    limit: int = DEFAULT_LIMIT
    since_id: str | None = None
    max_id: str | None = None
    created_after: datetime | None = None
    updated_after: datetime | None = None
    # resource-specific filters (email, shortcode, stage, state, status), verbatim
    filters: Mapping[str, str] = field(default_factory=dict)
    # the parameters to repeat on the next page (everything accepted except since_id)
    carried: Mapping[str, str] = field(default_factory=dict)


def parse_list_query(params: Mapping[str, str], filters: tuple[str, ...] = (), dated: bool = False) -> ListQuery:
    carried: dict[str, str] = {}
    limit = DEFAULT_LIMIT
    if "limit" in params:
        limit = parse_limit(params["limit"])
    carried["limit"] = str(limit)
    since_id = _id_param("since_id", params.get("since_id"))
    max_id = _id_param("max_id", params.get("max_id"))
    if max_id is not None:
        carried["max_id"] = max_id
    created = updated = None
    if dated:
        if params.get("created_after"):
            created = parse_timestamp("created_after", params["created_after"])
            carried["created_after"] = params["created_after"]
        if params.get("updated_after"):
            updated = parse_timestamp("updated_after", params["updated_after"])
            carried["updated_after"] = params["updated_after"]
    chosen = {name: params[name] for name in filters if params.get(name)}
    carried.update(chosen)
    return ListQuery(limit, since_id, max_id, created, updated, chosen, carried)


def parse_limit(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ParamError(f"limit must be a positive integer (at most {MAX_LIMIT})") from None
    if value < 1:
        raise ParamError(f"limit must be a positive integer (at most {MAX_LIMIT})")
    return min(value, MAX_LIMIT)


def _id_param(name: str, raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    if hex_value(raw) is None:
        raise ParamError(f"{name} must be a resource id")
    return raw.strip().lower()


def parse_timestamp(name: str, raw: str) -> datetime:
    """ISO 8601 (extended or basic) or Unix seconds -> naive UTC."""
    text = raw.strip().replace(" ", "+")  # an unencoded "+" offset arrives as a space
    usage = f"{name} must be an ISO 8601 timestamp (2015-07-08T11:56:16Z or 20150708T115616Z) or Unix time"
    if re.fullmatch(r"\d{1,12}", text):
        return datetime.fromtimestamp(int(text), UTC).replace(tzinfo=None)
    basic = _BASIC.match(text)
    try:
        value = _from_basic(basic) if basic else datetime.fromisoformat(text)
    except ValueError:
        raise ParamError(usage) from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _from_basic(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    tz = None
    if zone:
        if zone.upper() == "Z":
            tz = UTC
        else:
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            tz = timezone(offset if zone[0] == "+" else -offset)
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz)
