"""Every vendor's marts equal the world's ground truth, and all vendors together add up.

One connection per vendor, each synced over HTTP from its emulator, all rendering the same world (see
conftest.py). Vendor-specific checks (what only one API has) live in test_marts_<vendor>.py beside this file."""

from __future__ import annotations

from statistics import median
from typing import Any

import pytest

from ats_pipeline.sandbox.world.ground_truth import GroundTruth, compute
from ats_pipeline.sources.registry import vendors
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform.conftest import VendorsBuild

ALL_VENDORS = sorted(vendors())
# What a vendor's API does not expose, so its marts cannot have it (documented in dbt/README.md).
NOT_EXPOSED: dict[str, set[str]] = {
    "workable": {"offers"},  # Workable's API has no offers
}
# Facts a vendor's API cannot carry, as the world that API shows: world tables replaced by views (SQL over the
# world's own tables, `{db}` its catalog), over which the ground truth's own definitions give what the vendor's
# marts must equal (documented in dbt/README.md). A vendor not listed must equal the world itself.
VENDOR_WORLD_VIEWS: dict[str, dict[str, str]] = {
    "ashby": {
        # Ashby marks a prospect only by the application status Lead: an archived (or hired) lead is Archived
        # (Hired) like any applicant, so Ashby counts it as one.
        "applications": "select * replace (is_prospect and status = 'active' as is_prospect) from {db}.main.applications",
        # offer.list holds one offer per application with only its latest version (no version history).
        "offers": "select * from {db}.main.offers where deleted_at is null "
        "qualify row_number() over (partition by application_id order by version desc, id desc) = 1",
    },
}


_TRUTHS: dict[tuple[int, str], GroundTruth] = {}


def vendor_truth(build: VendorsBuild, vendor: str) -> GroundTruth:
    """The ground truth the vendor's marts must equal: the world's, or that of the world as its API shows it."""
    views = VENDOR_WORLD_VIEWS.get(vendor)
    if not views:
        return build.truth
    if (id(build.world), vendor) not in _TRUTHS:
        _TRUTHS[id(build.world), vendor] = _truth_through_views(build, views)
    return _TRUTHS[id(build.world), vendor]


def _truth_through_views(build: VendorsBuild, views: dict[str, str]) -> GroundTruth:
    cur = build.world.cursor()  # temp views are private to this cursor: the shared world is untouched
    db = '"' + cur.execute("select current_database()").fetchone()[0].replace('"', '""') + '"'
    for table, sql in views.items():
        cur.execute(f"create temp view {table} as {sql.format(db=db)}")
    try:
        return compute(cur)
    finally:
        cur.close()


# Vendors without offers: time to hire ends at the hire event (the world's applications.hired_at, rendered as the
# vendor's hire time) instead of the accepted offer's resolution (dbt/README.md), so their expected hours differ.
HIRE_EVENT_TIME_TO_HIRE = {"workable"}


def _time_to_hire_hours(build: VendorsBuild, vendor: str) -> list[float]:
    """The world's time to hire in hours for each hired applicant application, under the vendor's convention."""
    if vendor not in HIRE_EVENT_TIME_TO_HIRE:
        end, offers = (
            "o.resolved_at",
            "join offers o on o.application_id = a.id and o.status = 'accepted' and o.deleted_at is null",
        )
    else:
        end, offers = "a.hired_at", ""
    sql = f"""
        select (epoch({end}) - epoch(a.applied_at)) / 3600.0 from applications a {offers}
        where a.status = 'hired' and not a.is_prospect and a.deleted_at is null and {end} is not null
    """
    return [row[0] for row in build.world.cursor().execute(sql).fetchall()]


# Lever has no per-posting pipeline endpoint: a posting's plan is the stages its opportunities entered
# (stageChanges), so a stage nobody entered is unknown and imputed reach counts skips past known stages only.
# Per job and kind: the first stage_order of that kind among the stages some non-deleted opportunity visited.
_ENTERED_PLAN_KIND_STARTS = """
    select js.job_id, js.kind, min(js.stage_order) as first_order
    from job_stages js
    where exists (select 1 from application_stages v join applications a on a.id = v.application_id
                  where v.job_stage_id = js.id and v.deleted_at is null and a.deleted_at is null)
    group by 1, 2
"""
_IMPUTED_ON_ENTERED_PLANS = f"""
    with apps as (select id, job_id from applications where not is_prospect and deleted_at is null),
         furthest as (
            select v.application_id, max(js.stage_order) as furthest
            from application_stages v join job_stages js on js.id = v.job_stage_id
            where v.deleted_at is null group by 1)
    select k.kind, count(*)
    from apps a join furthest f on f.application_id = a.id
    join ({_ENTERED_PLAN_KIND_STARTS}) k on k.job_id = a.job_id and f.furthest >= k.first_order
    group by 1
"""
# Vendors whose job plans are recovered from the stages entered (see above).
PLANS_FROM_ENTERED_STAGES = {"lever"}


def expected_kind_reached(build: VendorsBuild, vendor: str) -> dict[str, tuple[int, int]]:
    """Per canonical stage (and 'hired'): (strict, imputed) reach the vendor's funnel must show, from the world."""
    truth = vendor_truth(build, vendor)
    expected = {r["kind"]: (r["reached_strict"], r["reached_imputed"]) for r in truth.kind_reached}
    if vendor in PLANS_FROM_ENTERED_STAGES:
        imputed = dict(build.world.cursor().execute(_IMPUTED_ON_ENTERED_PLANS).fetchall())
        expected = {kind: (strict, imputed.get(kind, 0)) for kind, (strict, _) in expected.items()}
    expected["hired"] = (truth.hires, truth.hires)
    return expected


def _modelled(build: VendorsBuild, vendor: str) -> str:
    # Every registered vendor must have a staging folder: a source without models is a gap, not a skip.
    assert vendor in build.vendors, f"{vendor} has a dlt source but no dbt staging models"
    return build.connection(vendor)


def _rows(build: VendorsBuild, sql: str) -> dict[Any, Any]:
    return {key: values[0] if len(values) == 1 else tuple(values) for key, *values in query(build.config, sql)}


def test_every_vendor_builds_cleanly(vendors_build: VendorsBuild) -> None:
    result = vendors_build.result
    assert not result.quality_warnings  # incl. assert_every_job_stage_is_mapped: every sandbox stage of every vendor
    for kind, statuses in result.statuses.items():
        assert not {"error", "fail", "skipped"} & set(statuses), (kind, statuses)


def test_counts_are_64_bit_integers(vendors_build: VendorsBuild) -> None:
    # DuckDB sums integers into 128-bit HUGEINT: slow to scan at scale and unreadable for some BI drivers
    wide = query(
        vendors_build.config,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'HUGEINT' and table_schema in ('staging', 'intermediate', 'analytics', 'dei')",
    )
    assert wide == []


@pytest.mark.parametrize("vendor", ALL_VENDORS)
def test_applications_and_hires_equal_the_world(vendors_build: VendorsBuild, vendor: str) -> None:
    connection = _modelled(vendors_build, vendor)
    truth = vendor_truth(vendors_build, vendor)
    got = query(
        vendors_build.config,
        "select count(*), count(*) filter (status = 'hired') from analytics.fct_applications "
        f"where connection = '{connection}'",
    )
    assert got == [(truth.applications, truth.hires)]


@pytest.mark.parametrize("vendor", ALL_VENDORS)
def test_canonical_stage_reached_equals_the_world(vendors_build: VendorsBuild, vendor: str) -> None:
    connection = _modelled(vendors_build, vendor)
    expected = expected_kind_reached(vendors_build, vendor)
    got = _rows(
        vendors_build,
        "select canonical_stage, sum(reached_strict), sum(reached_imputed) from analytics.funnel_by_cohort "
        f"where connection = '{connection}' group by 1",
    )
    assert got == expected


@pytest.mark.parametrize("vendor", ALL_VENDORS)
def test_offers_by_status_equal_the_world(vendors_build: VendorsBuild, vendor: str) -> None:
    connection = _modelled(vendors_build, vendor)
    got = _rows(
        vendors_build,
        f"select offer_status, count(*) from analytics.fct_offers where connection = '{connection}' group by 1",
    )
    if "offers" in NOT_EXPOSED.get(vendor, set()):
        assert got == {}
    else:
        assert got == vendor_truth(vendors_build, vendor).offers_by_status


@pytest.mark.parametrize("vendor", ALL_VENDORS)
def test_time_to_hire_median_equals_the_world(vendors_build: VendorsBuild, vendor: str) -> None:
    connection = _modelled(vendors_build, vendor)
    got = query(
        vendors_build.config,
        f"select median_hours from analytics.time_to_hire where grain = 'connection' and connection = '{connection}'",
    )
    if vendor in HIRE_EVENT_TIME_TO_HIRE:
        expected = median(_time_to_hire_hours(vendors_build, vendor))
    else:
        expected = vendor_truth(vendors_build, vendor).time_to_hire_hours["median"]
    assert got == [(pytest.approx(expected, abs=1e-9),)]


def test_all_vendors_together_add_up(vendors_build: VendorsBuild) -> None:
    truths = {v: vendor_truth(vendors_build, v) for v in vendors_build.vendors}
    per_vendor = [expected_kind_reached(vendors_build, v) for v in vendors_build.vendors]
    expected = {kind: tuple(sum(e[kind][i] for e in per_vendor) for i in (0, 1)) for kind in per_vendor[0]}
    together = _rows(
        vendors_build,
        "select canonical_stage, sum(reached_strict), sum(reached_imputed) from analytics.funnel_by_cohort group by 1",
    )
    assert together == expected
    by_system = _rows(
        vendors_build,
        "select source_system, count(*), count(*) filter (status = 'hired') from analytics.fct_applications group by 1",
    )
    assert by_system == {v: (t.applications, t.hires) for v, t in truths.items()}
    hours = [h for vendor in vendors_build.vendors for h in _time_to_hire_hours(vendors_build, vendor)]
    got = query(vendors_build.config, "select median_hours from analytics.time_to_hire where grain = 'all'")
    assert got == [(pytest.approx(median(hours), abs=1e-9),)]
