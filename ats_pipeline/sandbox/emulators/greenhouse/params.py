"""Harvest v3 list parameters: parsing and validation (every failure is a 422 with ``{"errors": [...]}``).

Grammar (ats_apis.md §1.3, §1.6):
- ``per_page``: integer 1-500, default 100;
- date filters ``<column>=<op>|<ISO 8601>[|<op>|<ISO 8601>]``, ops ``gte lte gt lt``; one date filter per request;
- ``ids`` and parent filters (``candidate_ids``, ...): comma-separated integers, at most 50;
- ``status``: resource-specific values; an unknown value matches nothing (like v1) rather than failing;
- ``fields``: comma-separated projection, at most 50 names;
- anything else is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500
MAX_IDS = 50
OPERATORS = {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}
CURSOR_WITH_OTHER_PARAMS = "When passing a cursor, do not include other query params."


class ParamError(ValueError):
    """A request the API rejects with 422."""


@dataclass(frozen=True)
class DateFilter:
    column: str
    bounds: tuple[tuple[str, datetime], ...]  # (operator, naive UTC instant truncated to ms)

    def sql(self, alias: str = "t") -> tuple[str, list[object]]:
        # Timestamps are rendered with millisecond precision, so compare at that precision: a client that sends
        # back a rendered value with gt must not get the same record again because of hidden microseconds.
        ms = timedelta(milliseconds=1)
        clauses, params = [], []
        for op, instant in self.bounds:
            if op == "gte":
                clauses.append(f"{alias}.{self.column} >= ?")
                params.append(instant)
            elif op == "gt":
                clauses.append(f"{alias}.{self.column} >= ?")
                params.append(instant + ms)
            elif op == "lt":
                clauses.append(f"{alias}.{self.column} < ?")
                params.append(instant)
            else:  # lte
                clauses.append(f"{alias}.{self.column} < ?")
                params.append(instant + ms)
        return " and ".join(clauses), params

    def matches(self, value: datetime | None) -> bool:
        if value is None:
            return False
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        compare = {
            "gte": lambda a, b: a >= b,
            "gt": lambda a, b: a > b,
            "lte": lambda a, b: a <= b,
            "lt": lambda a, b: a < b,
        }
        return all(compare[op](value, instant) for op, instant in self.bounds)


@dataclass(frozen=True)
class FilterSpec:
    """Which filters a resource accepts."""

    date_columns: tuple[str, ...] = ("created_at", "updated_at")
    parents: tuple[str, ...] = ()  # e.g. ("candidate_ids", "job_ids")
    status: bool = False
    flags: tuple[str, ...] = ()  # boolean/string passthroughs, e.g. ("current_only",)


@dataclass(frozen=True)
class ListQuery:
    per_page: int = DEFAULT_PER_PAGE
    date: DateFilter | None = None
    ids: tuple[int, ...] | None = None
    parents: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    status: tuple[str, ...] | None = None
    flags: Mapping[str, str] = field(default_factory=dict)
    fields: tuple[str, ...] | None = None
    # the accepted parameters verbatim, carried inside the cursor so later pages apply the same filters
    accepted: Mapping[str, str] = field(default_factory=dict)


def parse_list_params(params: Mapping[str, str], spec: FilterSpec) -> ListQuery:
    accepted: dict[str, str] = {}

    per_page = DEFAULT_PER_PAGE
    if "per_page" in params:
        per_page = _per_page(params["per_page"])
        accepted["per_page"] = params["per_page"]

    present = [c for c in spec.date_columns if c in params]
    if len(present) > 1:
        raise ParamError(
            f"Only one of {', '.join(spec.date_columns)} may be passed at a time; received {' and '.join(present)}."
        )
    date = None
    if present:
        column = present[0]
        date = DateFilter(column, _date_bounds(column, params[column]))
        accepted[column] = params[column]

    ids = None
    if "ids" in params and params["ids"] != "":
        ids = _id_list("ids", params["ids"])
        accepted["ids"] = params["ids"]

    parents: dict[str, tuple[int, ...]] = {}
    for name in spec.parents:
        if name in params and params[name] != "":
            parents[name] = _id_list(name, params[name])
            accepted[name] = params[name]

    status = None
    if spec.status and params.get("status"):
        status = tuple(s.strip().lower() for s in params["status"].split(",") if s.strip())
        accepted["status"] = params["status"]

    flags = {name: params[name] for name in spec.flags if name in params}
    accepted.update(flags)

    fields = None
    if params.get("fields"):
        fields = tuple(f.strip() for f in params["fields"].split(",") if f.strip())
        if len(fields) > MAX_IDS:
            raise ParamError(f"fields accepts at most {MAX_IDS} names.")
        accepted["fields"] = params["fields"]

    return ListQuery(per_page, date, ids, parents, status, flags, fields, accepted)


def _per_page(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ParamError(f"per_page must be an integer between 1 and {MAX_PER_PAGE}.") from None
    if not 1 <= value <= MAX_PER_PAGE:
        raise ParamError(f"per_page must be an integer between 1 and {MAX_PER_PAGE}.")
    return value


def _id_list(name: str, raw: str) -> tuple[int, ...]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise ParamError(f"{name} must be a comma-separated list of integer ids.") from None
    if len(values) > MAX_IDS:
        raise ParamError(f"{name} accepts at most {MAX_IDS} ids.")
    return values


def _date_bounds(column: str, raw: str) -> tuple[tuple[str, datetime], ...]:
    usage = (
        f"{column} must look like gte|2024-01-01T00:00:00Z or gte|<ISO 8601>|lte|<ISO 8601>; "
        "operators: gte, lte, gt, lt."
    )
    tokens = raw.split("|")
    if len(tokens) < 2 or len(tokens) % 2:
        raise ParamError(f"Invalid {column} filter. {usage}")
    bounds: list[tuple[str, datetime]] = []
    for op, text in zip(tokens[::2], tokens[1::2], strict=True):
        op = op.strip().lower()
        if op not in OPERATORS or any(op == seen for seen, _ in bounds):
            raise ParamError(f"Invalid {column} filter operator {op!r}. {usage}")
        bounds.append((op, _instant(column, text, usage)))
    return tuple(bounds)


def _instant(column: str, text: str, usage: str) -> datetime:
    # A "+" in an unencoded query string arrives as a space: put it back before parsing the offset.
    text = text.strip().replace(" ", "+")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ParamError(f"Invalid {column} timestamp {text!r}. {usage}") from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)
