"""Lever list paging (ats_apis.md §2.2): ``limit`` 1-100 (default 100 ❓) and an opaque ``offset`` token.

Every list answers ``{"data": [...], "hasNext": bool, "next": "<token>"}``; the last page has ``hasNext: false``
and no ``next``. The token is what Lever's looks like in the wild: a URL-encoded JSON array
``[1, <sort value>, "<id>"]`` naming the first record of the next page (sort value and id of that record), so
paging is a keyset walk that stays stable while records are added or changed. Lists are sorted newest first by
``createdAt`` (❓; the sort key of the observed tokens is a creation-like timestamp), account vocabularies in their
natural order. A client passes ``next`` back unchanged; tokens arrive URL-encoded once more when a client hands
the (already encoded) value to its HTTP library as a query parameter, and both forms are accepted.

Anything else in a token - not JSON, the wrong shape, an id of another list - is a 400 whose message starts with
"Invalid offset token" (tap-lever matches on that text and restarts without an offset).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from ats_pipeline.sandbox.emulators.lever.ids import lever_id, neutral_id

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
TOKEN_VERSION = 1


class ParamError(ValueError):
    """A request Lever rejects with 400 ``BadRequestError``."""


@dataclass(frozen=True)
class Position:
    """Where a page starts: the sort value and world id of its first record."""

    sort: int
    nid: int


def parse_limit(params: Mapping[str, str]) -> int:
    raw = params.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise ParamError(f"Invalid limit {raw!r}: must be an integer between 1 and {MAX_LIMIT}")
    return value


def encode_token(kind: str, position: Position) -> str:
    raw = json.dumps([TOKEN_VERSION, position.sort, lever_id(kind, position.nid)], separators=(",", ":"))
    return quote(raw, safe="")


def decode_token(kind: str, token: str) -> Position:
    text = token.strip()
    for _ in range(3):  # raw JSON, URL-encoded once, or twice
        if text.startswith("["):
            break
        text = unquote(text)
    try:
        value = json.loads(text)
    except ValueError:
        raise ParamError("Invalid offset token: offset token is malformed") from None
    if (
        not isinstance(value, list)
        or len(value) != 3
        or type(value[0]) is not int
        or type(value[1]) is not int
        or not isinstance(value[2], str)
    ):
        raise ParamError("Invalid offset token: offset token is malformed")
    nid = neutral_id(kind, value[2])
    if value[0] != TOKEN_VERSION or nid is None:
        raise ParamError("Invalid offset token: Offset token is invalid for sort")
    return Position(value[1], nid)


def keyset(position: Position | None, ascending: bool) -> tuple[str, list[Any]]:
    """The predicate selecting ``position`` and everything after it in the list's order."""
    if position is None:
        return "true", []
    op, tie = (">", ">=") if ascending else ("<", "<=")
    return f"(t.sort_key {op} ? or (t.sort_key = ? and t.nid {tie} ?))", [position.sort, position.sort, position.nid]


def order_by(ascending: bool) -> str:
    direction = "asc" if ascending else "desc"
    return f"order by t.sort_key {direction}, t.nid {direction}"


def envelope(kind: str, data: Sequence[dict[str, Any]], following: Position | None) -> dict[str, Any]:
    body: dict[str, Any] = {"data": list(data), "hasNext": following is not None}
    if following is not None:
        body["next"] = encode_token(kind, following)
    return body
