"""Writing to the world's DuckDB: schema, Arrow appends, id renumbering and world_meta.

Child rows are generated chunk by chunk, so their creation order is only known once every chunk is in. They go
to ``_stage_<table>`` first with provisional ids; ``Stager.flush`` appends them to the real table with ids that
follow ``created_at`` (``occurred_at`` for events), continuing after the table's current maximum.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ats_pipeline.sandbox.world.schema import DDL

# Staged tables in flush order, with their creation-time column.
STAGED: dict[str, str] = {
    "candidate_educations": "created_at",
    "candidate_employments": "created_at",
    "attachments": "created_at",
    "application_stages": "created_at",
    "application_events": "occurred_at",
    "interviews": "created_at",
    "interview_interviewers": "created_at",
    "scorecards": "created_at",
    "offers": "created_at",
    "openings": "created_at",
}
INTERVIEW_CHILDREN = ("interview_interviewers", "scorecards")


def create_schema(cur: duckdb.DuckDBPyConnection) -> None:
    for statement in DDL:
        cur.execute(statement)


def append(cur: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """Append an Arrow table by column name."""
    if data.num_rows == 0:
        return
    cur.register("_arrow_in", data)
    try:
        cur.execute(f"insert into {table} by name select * from _arrow_in")
    finally:
        cur.unregister("_arrow_in")


class Stager:
    """Collects provisional-id rows and appends them in creation order."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur
        self.offsets: dict[str, int] = {}
        for table in STAGED:
            cur.execute(f"create or replace table _stage_{table} as select * from {table} limit 0")
            self.offsets[table] = 0

    def add(self, tables: dict[str, pa.Table], existing_interviews: bool = False) -> None:
        """Stage one batch. Interview children's ``interview_id`` refer to this batch's interviews, or with
        ``existing_interviews`` to interviews already stored (kept as negative ids until the flush)."""
        shift = dict(self.offsets)
        for table, data in tables.items():
            if table not in STAGED or data.num_rows == 0:
                continue
            data = data.set_column(data.schema.get_field_index("id"), "id", pc.add(data["id"], shift[table]))
            if table in INTERVIEW_CHILDREN:
                i = data.schema.get_field_index("interview_id")
                moved = pc.negate(data["interview_id"]) if existing_interviews else pc.add(
                    data["interview_id"], shift["interviews"])  # fmt: skip
                data = data.set_column(i, "interview_id", moved)
            append(self.cur, f"_stage_{table}", data)
            self.offsets[table] += data.num_rows

    def flush(self) -> dict[str, int]:
        """Append every staged table with final ids; returns rows added per table."""
        cur = self.cur
        added: dict[str, int] = {}
        for table, time_col in STAGED.items():
            base = cur.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[0]
            stage = f"_stage_{table}"
            if table == "interviews":  # always created: children may refer to it
                cur.execute(
                    f"""create or replace temp table _interview_ids as
                    select id as old_id, {base} + row_number() over (order by created_at, id) as new_id from {stage}"""
                )
            if table in INTERVIEW_CHILDREN:
                interview = "case when s.interview_id < 0 then -s.interview_id else m.new_id end"
                select = f"""select {base} + row_number() over (order by s.{time_col}, {interview}, s.id) as id,
                    {interview} as interview_id, s.* exclude (id, interview_id)
                    from {stage} s left join _interview_ids m on m.old_id = s.interview_id"""
            elif table == "interviews":
                select = f"""select m.new_id as id, s.* exclude (id)
                    from {stage} s join _interview_ids m on m.old_id = s.id"""
            else:
                select = f"""select {base} + row_number() over (order by {time_col}, id) as id, * exclude (id)
                    from {stage}"""
            cur.execute(f"insert into {table} by name select * from ({select}) order by id")
            added[table] = cur.execute(f"select count(*) from {stage}").fetchone()[0]
        for table in STAGED:
            cur.execute(f"drop table _stage_{table}")
        cur.execute("drop table if exists _interview_ids")
        return added


def write_meta(cur: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> None:
    for key, value in values.items():
        text = value if isinstance(value, str) else json.dumps(value)
        cur.execute("insert or replace into world_meta values (?, ?)", [key, text])


def read_meta(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cur.execute("select key, value from world_meta").fetchall())
