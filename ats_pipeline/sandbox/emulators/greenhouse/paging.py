"""Keyset paging over DuckDB (and over small in-memory lists), newest id first.

Every page is one ``... where <visible> and <filters> and id < :after order by id desc limit per_page + 1`` query:
the extra row says whether a next page exists, and paging stays stable while the world changes because the
cursor carries the last id served, not an offset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ats_pipeline.sandbox.emulators.greenhouse.params import ListQuery

Row = dict[str, Any]
# (selected statuses) -> (sql predicate over alias t, params)
StatusSql = Callable[[tuple[str, ...]], tuple[str, list[Any]]]
FlagSql = Callable[[Mapping[str, str]], tuple[str, list[Any]]]
# (query, id upper bound (exclusive), id lower bound (inclusive), limit) -> (parenthesised select, params): for
# relations that must push filters inwards
RelationSql = Callable[[ListQuery, int | None, int | None, int], tuple[str, list[Any]]]


def id_list(values: Iterable[int]) -> str:
    """Inline a validated id list (ints only, so no injection) as ``1,2,3``; ``NULL`` for an empty list."""
    text = ",".join(str(int(v)) for v in values)
    return text or "NULL"


def fetch_dicts(cur: Any, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cur.execute(sql, list(params))
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, values, strict=True)) for values in cur.fetchall()]


@dataclass(frozen=True)
class SqlSource:
    """A resource read from the world. ``relation`` is a table, a parenthesised select, or a function building one
    per request, aliased ``t``; it must expose ``id`` and the date columns the resource filters on."""

    relation: str | RelationSql
    visible: str = "t.deleted_at is null"
    # parent filter param -> predicate template over t with an ``{ids}`` placeholder
    parents: Mapping[str, str] = field(default_factory=dict)
    status: StatusSql | None = None
    flags: FlagSql | None = None
    # batch lookups for the rows of one page (stage names, e-mails, ...), mutating the row dicts
    enrich: Callable[[Any, list[Row]], None] | None = None
    # for a function relation: a cheap ``select`` of an exclusive upper bound of its ids (enables id windows)
    max_id_sql: str | None = None
    # ids per underlying row (derived rows multiply ids): widens the id window accordingly
    window_scale: int = 1

    def page(self, cur: Any, query: ListQuery, after: int | None, limit: int) -> list[Row]:
        windowed = isinstance(self.relation, str) or self.max_id_sql is not None
        if not windowed or query.ids is not None or query.parents:
            return self._query(cur, query, after, None, limit)
        # DuckDB's top-N reads every row below the keyset bound, so a deep page of a big table would cost a full
        # scan. Look in an id window just under the bound first: zone maps skip everything outside it, and a page
        # of a million-row table takes a few ms. Only when a selective filter leaves the window short of a page,
        # fall back to the unbounded query (what a selective filter costs anyway).
        upper = after
        if upper is None:
            cur.execute(self.max_id_sql or f"select max(id) + 1 from {self.relation}")
            upper = cur.fetchone()[0]
            if upper is None:
                return []
        lower = upper - max(8 * limit, 4096) * self.window_scale
        if lower > 0:
            rows = self._query(cur, query, upper, lower, limit)
            if len(rows) >= limit:
                return rows
        return self._query(cur, query, upper, None, limit)

    def _query(self, cur: Any, query: ListQuery, after: int | None, at_least: int | None, limit: int) -> list[Row]:
        if isinstance(self.relation, str):
            relation, params = self.relation, []
        else:
            relation, params = self.relation(query, after, at_least, limit)
        where = [self.visible]
        if after is not None:
            where.append("t.id < ?")
            params.append(after)
        if at_least is not None:
            where.append("t.id >= ?")
            params.append(at_least)
        if query.date is not None:
            clause, values = query.date.sql("t")
            where.append(clause)
            params.extend(values)
        if query.ids is not None:
            where.append(f"t.id in ({id_list(query.ids)})")
        for name, values in query.parents.items():
            where.append(self.parents[name].format(ids=id_list(values)))
        if query.status is not None and self.status is not None:
            clause, values = self.status(query.status)
            where.append(clause)
            params.extend(values)
        if self.flags is not None:
            clause, values = self.flags(query.flags)
            where.append(clause)
            params.extend(values)
        sql = f"select * from {relation} t where {' and '.join(where)} order by t.id desc limit {int(limit)}"
        rows = fetch_dicts(cur, sql, params)
        if rows and self.enrich is not None:
            self.enrich(cur, rows)
        return rows


@dataclass(frozen=True)
class ListSource:
    """A small resource computed in Python (fixed vocabularies, dictionaries derived from the world)."""

    rows: Callable[[Any, datetime], list[Row]]  # (cursor, world start) -> every row
    # parent filter param -> row key
    parents: Mapping[str, str] = field(default_factory=dict)
    flags: Callable[[Mapping[str, str], Row], bool] | None = None

    def page(self, cur: Any, query: ListQuery, after: int | None, limit: int, start: datetime) -> list[Row]:
        selected = []
        for row in self.rows(cur, start):
            if after is not None and row["id"] >= after:
                continue
            if query.date is not None and not query.date.matches(row.get(query.date.column)):
                continue
            if query.ids is not None and row["id"] not in query.ids:
                continue
            if any(row.get(self.parents[name]) not in values for name, values in query.parents.items()):
                continue
            if self.flags is not None and not self.flags(query.flags, row):
                continue
            selected.append(row)
        selected.sort(key=lambda r: r["id"], reverse=True)
        return selected[:limit]
