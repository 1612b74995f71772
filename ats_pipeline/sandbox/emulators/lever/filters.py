"""Lever list filters as SQL predicates over a resource's relation (aliased ``t``).

Timestamps are epoch milliseconds: ``<field>_start`` keeps records at or after it, ``<field>_end`` at or before it
(both inclusive ❓; the vendor documentation says "at or after" / "at or before"). A value that is not an integer
is a 400. Repeatable parameters (``stage_id``, ``posting_id``, ...) match any of their values. Some filters act
when absent: ``confidentiality`` defaults to ``non-confidential`` (confidential opportunities and postings are
hidden unless asked for, a quirk every Lever client must know) and ``/users`` hides deactivated users unless
``includeDeactivated=true``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ats_pipeline.sandbox.emulators.lever.ids import neutral_id
from ats_pipeline.sandbox.emulators.lever.paging import ParamError

Sql = tuple[str, list[Any]]
ANY: Sql = ("true", [])


@dataclass(frozen=True)
class Filter:
    param: str
    # all values given for the parameter (None when absent) -> predicate
    build: Callable[[list[str] | None], Sql]


def _integer(param: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ParamError(f"Invalid {param} {raw!r}: expected a timestamp in milliseconds") from None


def _single(param: str, values: list[str]) -> str:
    if len(values) > 1:
        raise ParamError(f"{param} may be given only once")
    return values[0]


def ms_range(prefix: str, column: str) -> tuple[Filter, Filter]:
    """``<prefix>_start`` (>=) and ``<prefix>_end`` (<=) over an epoch-ms column."""

    def bound(param: str, op: str) -> Filter:
        def build(values: list[str] | None) -> Sql:
            if values is None:
                return ANY
            return f"t.{column} {op} ?", [_integer(param, _single(param, values))]

        return Filter(param, build)

    return bound(f"{prefix}_start", ">="), bound(f"{prefix}_end", "<=")


def boolean(param: str, true_sql: str, false_sql: str, default: str | None = None) -> Filter:
    def build(values: list[str] | None) -> Sql:
        raw = default if values is None else _single(param, values).strip().lower()
        if raw is None:
            return ANY
        if raw not in ("true", "false"):
            raise ParamError(f"Invalid {param} {raw!r}: expected true or false")
        return (true_sql if raw == "true" else false_sql), []

    return Filter(param, build)


def confidentiality(column: str = "confidential") -> Filter:
    choices = {"non-confidential": f"not t.{column}", "confidential": f"t.{column}", "all": "true"}

    def build(values: list[str] | None) -> Sql:
        raw = "non-confidential" if values is None else _single("confidentiality", values).strip()
        if raw not in choices:
            raise ParamError(f"Invalid confidentiality {raw!r}: expected one of {', '.join(choices)}")
        return choices[raw], []

    return Filter("confidentiality", build)


def lever_ids(param: str, kind: str, column: str, words: Mapping[str, str] | None = None) -> Filter:
    """``param`` = one or more ``kind`` UUIDs (or special words mapped to their own predicate)."""

    def build(values: list[str] | None) -> Sql:
        if values is None:
            return ANY
        clauses: list[str] = []
        nids: list[int] = []
        for raw in (v for value in values for v in value.split(",") if v.strip()):
            if words and raw.strip() in words:
                clauses.append(words[raw.strip()])
                continue
            nid = neutral_id(kind, raw)
            if nid is None:
                clauses.append("false")  # an unknown id matches nothing, as an id of a deleted record would
            else:
                nids.append(nid)
        if nids:
            clauses.append(f"t.{column} in ({','.join(str(n) for n in nids)})")
        return "(" + " or ".join(clauses or ["false"]) + ")", []

    return Filter(param, build)


def choice(param: str, column: str, mapping: Mapping[str, str]) -> Filter:
    """``param`` = Lever words, translated to world values of ``column``; unknown words match nothing."""

    def build(values: list[str] | None) -> Sql:
        if values is None:
            return ANY
        wanted = sorted({mapping[v.strip()] for v in values if v.strip() in mapping})
        if not wanted:
            return "false", []
        return f"t.{column} in ({','.join('?' * len(wanted))})", list(wanted)

    return Filter(param, build)


def predicates(filters: tuple[Filter, ...], params: Mapping[str, list[str]]) -> Sql:
    clauses: list[str] = []
    values: list[Any] = []
    for f in filters:
        sql, args = f.build(params.get(f.param))
        if sql != "true":
            clauses.append(sql)
            values.extend(args)
    return (" and ".join(clauses) or "true"), values
