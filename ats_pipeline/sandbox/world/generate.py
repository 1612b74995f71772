"""Generation: reference tables and jobs, then applications chunk by chunk, then candidates and openings.

Each chunk of ``CHUNK`` applications covers its own slice of the history and has its own generator
(``default_rng([seed, chunk_no])``), so memory stays flat in the number of applications and the result only
depends on the config.
"""

from __future__ import annotations

import json

import duckdb
import numpy as np

from ats_pipeline.sandbox.world import catalog, chunk, context, jobs, openings, people, store
from ats_pipeline.sandbox.world.columns import DAY, from_sec, to_sec
from ats_pipeline.sandbox.world.config import WorldConfig
from ats_pipeline.sandbox.world.rng import rng_for

CHUNK = 20_000
CANDIDATE_BATCH = 50_000


def generate(con: duckdb.DuckDBPyConnection, config: WorldConfig) -> None:
    cur = con.cursor()
    store.create_schema(cur)
    seed = config.seed
    now = to_sec(config.now)
    start = now - config.history_days * DAY
    founded = start - 3 * 365 * DAY
    n_jobs = jobs.job_count(config.applications)

    users = catalog.users(seed, n_jobs, start, now)
    for table, data in (
        ("departments", catalog.departments(founded)),
        ("offices", catalog.offices(founded)),
        ("users", users),
        ("sources", catalog.sources(founded)),
        ("rejection_reasons", catalog.rejection_reasons(founded)),
    ):
        store.append(cur, table, data)
    job_table, stage_table = jobs.build(seed, n_jobs, start, now, users)
    store.append(cur, "jobs", job_table)
    store.append(cur, "job_stages", stage_table)
    ctx = context.load(cur, seed, config.adverse_impact)

    stager = store.Stager(cur)
    total, span = config.applications, now - start
    next_candidate = 1
    for number, first in enumerate(range(0, total, CHUNK)):
        last = min(total, first + CHUNK)
        batch = chunk.build(
            ctx, rng_for(seed, number), n=last - first, lo=start + span * first // total,
            hi=start + span * last // total, now=now, app_id0=first + 1, cand_id0=next_candidate,
        )  # fmt: skip
        next_candidate += len(batch.new_candidates)
        store.append(cur, "applications", batch.tables["applications"])
        store.append(cur, "demographics", batch.tables["demographics"])
        stager.add(batch.tables)

    # Candidates: created with their first application, last touched by their latest one.
    agg = cur.execute(
        "select candidate_id, epoch(min(applied_at))::bigint as first, epoch(max(applied_at))::bigint as last "
        "from applications group by 1 order by 1"
    ).fetchnumpy()
    cand = np.asarray(agg["candidate_id"])
    for lo in range(0, len(cand), CANDIDATE_BATCH):
        sl = slice(lo, lo + CANDIDATE_BATCH)
        table, educations, employments = people.candidates(seed, cand[sl], np.asarray(agg["first"])[sl],
                                                           np.asarray(agg["last"])[sl])  # fmt: skip
        store.append(cur, "candidates", table)
        stager.add({"candidate_educations": educations, "candidate_employments": employments})

    stager.add({"openings": openings.build(cur, seed)})
    stager.flush()
    link_offers_to_openings(cur)
    store.write_meta(
        cur,
        {
            "seed": str(seed),
            "applications": str(config.applications),
            "start": from_sec(start).isoformat(),
            "now": from_sec(now).isoformat(),
            "adverse_impact": json.dumps(config.adverse_impact.model_dump() if config.adverse_impact else None),
            "step": "0",
            "config": config.model_dump_json(),
        },
    )
    cur.execute("checkpoint")


def link_offers_to_openings(cur: duckdb.DuckDBPyConnection, since: str | None = None) -> None:
    """Accepted offers point at the opening their hire filled; others at the job's first opening."""
    window = f"and o.updated_at > '{since}'" if since else ""
    cur.execute(
        f"""update offers o set opening_id = p.id from openings p
            where p.application_id = o.application_id and o.status = 'accepted'
              and o.opening_id is distinct from p.id {window}"""
    )
    cur.execute(
        f"""update offers o set opening_id = f.id
            from (select job_id, min(id) as id from openings group by 1) f
            where f.job_id = o.job_id and o.opening_id is null {window}"""
    )
