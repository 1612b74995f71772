"""Record-keeping changes in a time move: candidate edits, duplicate merges, deletions, GDPR anonymisation.

Each change happens at one time in the window that is not earlier than the last update of the rows it touches
(so ``updated_at`` never goes backwards). Candidates involved in one kind of change are left out of the others
in the same step.
"""

from __future__ import annotations

from collections import Counter

import duckdb
import numpy as np
import pyarrow as pa

from ats_pipeline.sandbox.world import names, people
from ats_pipeline.sandbox.world.columns import DAY, NA, date, from_sec, ids, pick, ts
from ats_pipeline.sandbox.world.config import WorldConfig
from ats_pipeline.sandbox.world.followup import bump_applications
from ats_pipeline.sandbox.world.store import Stager

# Expected events per 1,000 generated applications per day.
RATES = {
    "candidate_updates": 0.2,
    "merged_candidates": 0.035,
    "deleted_applications": 0.07,
    "deleted_candidates": 0.035,
    "anonymized_candidates": 0.035,
}
ANONYMIZE_AFTER_DAYS = 180
APPLICATION_CHILDREN = ("application_stages", "interviews", "scorecards", "offers", "attachments", "demographics")
CANDIDATE_CHILDREN = ("candidate_educations", "candidate_employments", "attachments")
PII = ("first_name", "last_name", "email", "phone", "company", "title", "city")


def _how_many(rng: np.random.Generator, rate: float, config: WorldConfig, days: float) -> int:
    """Rate × scale × days, rounded at random; at least one per kind in a step of a week or more."""
    lam = rate * config.applications / 1000 * days
    if days >= 7:
        lam = max(lam, 1.0)
    return int(lam) + int(rng.random() < lam - int(lam))


def _ids(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> np.ndarray:
    return np.asarray(cur.execute(sql, params or []).fetchnumpy()["id"], dtype=np.int64)


def _times(rng: np.random.Generator, floor: np.ndarray, old: int, new: int) -> np.ndarray:
    """A time in (old, new] per row, not before ``floor``."""
    t = old + 1 + (rng.random(len(floor)) * (new - old - 1)).astype(np.int64)
    return np.minimum(np.maximum(t, floor), new)


def _register(cur: duckdb.DuckDBPyConnection, name: str, columns: dict[str, pa.Array]) -> None:
    cur.register(name, pa.table(columns))


def edit(cur: duckdb.DuckDBPyConnection, config: WorldConfig, rng: np.random.Generator, old: int, new: int,
         stager: Stager, counts: Counter[str]) -> set[int]:  # fmt: skip
    """Profile edits (before the step's flush: new employment rows are staged). Returns the candidates edited."""
    k = _how_many(rng, RATES["candidate_updates"], config, (new - old) / DAY)
    live = _ids(cur, "select id from candidates where deleted_at is null and anonymized_at is null "
                     "and created_at <= ? order by id", [from_sec(old)])  # fmt: skip
    if not k or not len(live):
        return set()
    cand = np.sort(rng.choice(live, size=min(k, len(live)), replace=False))
    _edit_candidates(cur, config, rng, old, new, cand, stager)
    counts["candidate_updates"] += len(cand)
    return set(cand.tolist())


def apply(cur: duckdb.DuckDBPyConnection, config: WorldConfig, rng: np.random.Generator, old: int, new: int,
          used: set[int], counts: Counter[str]) -> None:  # fmt: skip
    """Merges, anonymisations and deletions (after the flush, so cascades reach this step's new rows)."""
    days = (new - old) / DAY
    used = set(used)
    _merge(cur, config, rng, old, new, _how_many(rng, RATES["merged_candidates"], config, days), used, counts)
    _anonymize(cur, rng, old, new, _how_many(rng, RATES["anonymized_candidates"], config, days), used, counts)
    _delete_candidates(cur, rng, old, new, _how_many(rng, RATES["deleted_candidates"], config, days), used, counts)
    _delete_applications(cur, rng, old, new, _how_many(rng, RATES["deleted_applications"], config, days), used, counts)


def _live_candidates(cur: duckdb.DuckDBPyConnection, used: set[int]) -> np.ndarray:
    live = _ids(cur, "select id from candidates where deleted_at is null and anonymized_at is null order by id")
    return live[~np.isin(live, np.fromiter(used, dtype=np.int64, count=len(used)))]


def _floor(cur: duckdb.DuckDBPyConnection, cand: np.ndarray) -> np.ndarray:
    """Latest updated_at among the candidates and their applications (epoch seconds), per candidate."""
    _register(cur, "_cands", {"id": ids(cand)})
    rows = dict(cur.execute(
        """select c.id, epoch(greatest(c.updated_at, coalesce(max(a.updated_at), c.updated_at),
                                       coalesce(max(d.updated_at), c.updated_at)))::bigint + 1
           from candidates c join _cands x on x.id = c.id
           left join applications a on a.candidate_id = c.id
           left join demographics d on d.application_id = a.id
           group by c.id, c.updated_at"""
    ).fetchall())  # fmt: skip
    cur.unregister("_cands")
    return np.array([rows[c] for c in cand.tolist()], dtype=np.int64)


def _merge(cur: duckdb.DuckDBPyConnection, config: WorldConfig, rng: np.random.Generator, old: int, new: int, k: int,
           used: set[int], counts: Counter[str]) -> None:  # fmt: skip
    """A duplicate's records move to the person's original candidate; the duplicate is deleted as merged."""
    live = _live_candidates(cur, used)
    survivor = people.person_of(config.seed, live)
    pairs = np.flatnonzero((survivor != live) & np.isin(survivor, live))
    if not k or not len(pairs):
        return
    pick_ = np.sort(rng.choice(pairs, size=min(k, len(pairs)), replace=False))
    dup, keep = live[pick_], survivor[pick_]
    t = _times(rng, np.maximum(_floor(cur, dup), _floor(cur, keep)), old, new)
    _register(cur, "_merge", {"dup": ids(dup), "keep": ids(keep), "t": ts(t)})
    moved = cur.execute(
        """update applications a set candidate_id = m.keep, updated_at = m.t from _merge m
           where a.candidate_id = m.dup and a.deleted_at is null returning a.id"""
    ).fetchall()
    for table in ("offers", "demographics", *CANDIDATE_CHILDREN):
        cur.execute(f"""update {table} x set candidate_id = m.keep, updated_at = m.t from _merge m
                        where x.candidate_id = m.dup and x.deleted_at is null""")
    cur.execute("""update candidates c set deleted_at = m.t, merged_into_id = m.keep, updated_at = m.t
                   from _merge m where c.id = m.dup""")
    cur.execute("update candidates c set updated_at = greatest(c.updated_at, m.t) from _merge m where c.id = m.keep")
    cur.unregister("_merge")
    used.update(dup.tolist())
    used.update(keep.tolist())
    counts["merged_candidates"] += len(dup)
    counts["merged_applications"] += len(moved)


def _anonymize(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int, k: int, used: set[int],
               counts: Counter[str]) -> None:  # fmt: skip
    """GDPR erasure of candidates whose applications all closed long ago: PII nulled, documents deleted."""
    cutoff = from_sec(new - ANONYMIZE_AFTER_DAYS * DAY)
    eligible = _ids(
        cur,
        """select c.id from candidates c join applications a on a.candidate_id = c.id
           where c.deleted_at is null and c.anonymized_at is null and a.deleted_at is null
           group by c.id having bool_and(a.status = 'rejected' and a.last_activity_at < ?) order by c.id""",
        [cutoff],
    )
    eligible = eligible[~np.isin(eligible, np.fromiter(used, dtype=np.int64, count=len(used)))]
    if not k or not len(eligible):
        return
    cand = np.sort(rng.choice(eligible, size=min(k, len(eligible)), replace=False))
    t = _times(rng, _floor(cur, cand), old, new)
    _register(cur, "_anon", {"id": ids(cand), "t": ts(t)})
    nulls = ", ".join(f"{c} = null" for c in PII)
    cur.execute(
        f"update candidates c set {nulls}, anonymized_at = a.t, updated_at = a.t from _anon a where c.id = a.id"
    )
    touched = []
    for table in CANDIDATE_CHILDREN:
        returning = " returning x.application_id, epoch(x.updated_at)::bigint" if table == "attachments" else ""
        rows = cur.execute(f"""update {table} x set deleted_at = a.t, updated_at = a.t from _anon a
                               where x.candidate_id = a.id and x.deleted_at is null{returning}""").fetchall()
        touched += [r for r in rows if returning and r[0] is not None]
    cur.unregister("_anon")
    bump_applications(cur, touched, activity=False)
    used.update(cand.tolist())
    counts["anonymized_candidates"] += len(cand)


def _cascade_applications(cur: duckdb.DuckDBPyConnection, apps: np.ndarray, t: np.ndarray) -> None:
    """Delete applications and everything under them at the given times."""
    _register(cur, "_del_apps", {"id": ids(apps), "t": ts(t)})
    cur.execute("update applications a set deleted_at = d.t, updated_at = d.t from _del_apps d where a.id = d.id")
    for table in APPLICATION_CHILDREN:
        cur.execute(f"""update {table} x set deleted_at = d.t, updated_at = d.t from _del_apps d
                        where x.application_id = d.id and x.deleted_at is null""")
    cur.execute("""update application_events x set deleted_at = d.t from _del_apps d
                   where x.application_id = d.id and x.deleted_at is null""")
    cur.execute("""update interview_interviewers x set deleted_at = d.t, updated_at = d.t
                   from interviews i, _del_apps d
                   where x.interview_id = i.id and i.application_id = d.id and x.deleted_at is null""")
    cur.unregister("_del_apps")


def _delete_applications(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int, k: int,
                         used: set[int], counts: Counter[str]) -> None:  # fmt: skip
    """A few applications are deleted (never hires: a hire's opening keeps pointing at it)."""
    rows = {k: np.asarray(v) for k, v in cur.execute(
        "select a.id, a.candidate_id as cand, "
        "epoch(greatest(a.updated_at, coalesce(d.updated_at, a.updated_at)))::bigint + 1 as floor "
        "from applications a left join demographics d on d.application_id = a.id "
        "where a.deleted_at is null and a.status <> 'hired' order by a.id"
    ).fetchnumpy().items()}  # fmt: skip
    ok = np.flatnonzero(~np.isin(rows["cand"], np.fromiter(used, dtype=np.int64, count=len(used))))
    if not k or not len(ok):
        return
    chosen = np.sort(rng.choice(ok, size=min(k, len(ok)), replace=False))
    apps, cands = rows["id"][chosen], rows["cand"][chosen]
    t = _times(rng, rows["floor"][chosen], old, new)
    _cascade_applications(cur, apps, t)
    _register(cur, "_del_apps_c", {"cand": ids(cands), "t": ts(t)})
    # The candidate's profile lists its applications, so it changed too.
    cur.execute("""update candidates c set updated_at = greatest(c.updated_at, d.t)
                   from (select cand, max(t) as t from _del_apps_c group by 1) d where c.id = d.cand""")
    cur.unregister("_del_apps_c")
    counts["deleted_applications"] += len(apps)


def _delete_candidates(cur: duckdb.DuckDBPyConnection, rng: np.random.Generator, old: int, new: int, k: int,
                       used: set[int], counts: Counter[str]) -> None:  # fmt: skip
    """A few candidates (never ones with a hire) are deleted with all their records."""
    eligible = _ids(
        cur,
        """select c.id from candidates c left join applications a on a.candidate_id = c.id and a.status = 'hired'
           where c.deleted_at is null and a.id is null order by c.id""",
    )
    eligible = eligible[~np.isin(eligible, np.fromiter(used, dtype=np.int64, count=len(used)))]
    if not k or not len(eligible):
        return
    cand = np.sort(rng.choice(eligible, size=min(k, len(eligible)), replace=False))
    t = _times(rng, _floor(cur, cand), old, new)
    _register(cur, "_del_c", {"id": ids(cand), "t": ts(t)})
    apps = cur.execute(
        """select a.id, epoch(d.t)::bigint from applications a join _del_c d on d.id = a.candidate_id
           where a.deleted_at is null order by a.id"""
    ).fetchall()
    cur.execute("update candidates c set deleted_at = d.t, updated_at = d.t from _del_c d where c.id = d.id")
    for table in CANDIDATE_CHILDREN:
        cur.execute(f"""update {table} x set deleted_at = d.t, updated_at = d.t from _del_c d
                        where x.candidate_id = d.id and x.deleted_at is null""")
    cur.unregister("_del_c")
    if apps:
        _cascade_applications(cur, np.array([a for a, _ in apps]), np.array([s for _, s in apps]))
    used.update(cand.tolist())
    counts["deleted_candidates"] += len(cand)
    counts["deleted_applications"] += len(apps)


def _edit_candidates(cur: duckdb.DuckDBPyConnection, config: WorldConfig, rng: np.random.Generator, old: int,
                     new: int, cand: np.ndarray, stager: Stager) -> None:  # fmt: skip
    """A new job (title, company and an employment row) or a new phone number."""
    n = len(cand)
    t = _times(rng, _floor(cur, cand), old, new)
    new_job = rng.random(n) < 0.6
    company = pick(names.COMPANIES, rng.integers(0, len(names.COMPANIES), n))
    title = pick(names.CANDIDATE_TITLES, rng.integers(0, len(names.CANDIDATE_TITLES), n))
    phone = people.phone(config.seed, cand * 1000 + rng.integers(0, 1000, n), salt="edit.phone")
    _register(cur, "_edits", {"id": ids(cand), "t": ts(t), "job": pa.array(new_job), "company": company,
                              "title": title, "phone": phone})  # fmt: skip
    cur.execute(
        """update candidates c set
               company = case when e.job then e.company else c.company end,
               title = case when e.job then e.title else c.title end,
               phone = case when e.job then c.phone else e.phone end,
               updated_at = e.t
           from _edits e where c.id = e.id"""
    )
    # The previous current employment ends; the new one starts.
    cur.execute(
        """update candidate_employments x set end_date = e.t::date, updated_at = e.t
           from _edits e where x.candidate_id = e.id and e.job and x.end_date is null and x.deleted_at is null"""
    )
    cur.unregister("_edits")
    j = np.flatnonzero(new_job)
    stager.add({"candidate_employments": pa.table({
        "id": ids(np.arange(len(j))),
        "candidate_id": ids(cand[j]),
        "company_name": company.take(pa.array(j)),
        "title": title.take(pa.array(j)),
        "start_date": date(t[j]),
        "end_date": date(np.full(len(j), NA)),
        "created_at": ts(t[j]),
        "updated_at": ts(t[j]),
        "deleted_at": ts(np.full(len(j), NA)),
    })})  # fmt: skip
