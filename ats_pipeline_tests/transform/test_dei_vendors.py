"""DEI analytics across vendors, on the shared 4-vendor build (conftest.py: one sandbox connection per vendor, each
synced over HTTP from its emulator from one world, one `dbt build`).

Greenhouse and Lever expose self-identification; Ashby and Workable do not. Expected numbers come from the world:
its ground truth, or the ground truth of the world as the vendor's survey renders it (world tables replaced by
temp views, as test_marts_by_vendor.py does for what an API cannot carry)."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from ats_pipeline.config import parse_config
from ats_pipeline.sandbox.world.ground_truth import GroundTruth, compute
from ats_pipeline.transform import dbt_build, dbt_vars, self_id_vendors
from ats_pipeline_tests.conftest import query
from ats_pipeline_tests.transform.conftest import VendorsBuild
from ats_pipeline_tests.transform.test_dei import DEMOGRAPHIC_WORDS
from ats_pipeline_tests.transform.test_marts_by_vendor import vendor_truth

WITH_SELF_ID = ["greenhouse", "lever"]
WITHOUT_SELF_ID = ["ashby", "workable"]

# The EEO-1 reporting rule the DEI models apply to multi-valued race (int_dei__application_groups): Hispanic or
# Latino if chosen, else Two or More Races for several races, else the race; a declined answer is declined.
_EEO1_RACES = """
    case
        when races is null or len(races) = 0 then races
        when list_contains(races, 'declined') then ['declined']
        when list_contains(races, 'hispanic_latino') then ['hispanic_latino']
        when len(list_distinct(races)) > 1 then ['two_or_more']
        else races
    end
"""
# The world as each vendor's self-ID data reaches the DEI groups. The ground truth counts a multi-race applicant
# in every race chosen; the DEI models (every vendor) report one EEO-1 category, so race always goes through the
# rule above. Lever's US EEO survey additionally offers Male / Female / Decline only: the emulator renders a
# non-binary answer as "Decline to self-identify" (sandbox/emulators/lever/vocab.py), so Lever has no non_binary
# group and those applicants count as declined. Greenhouse's demographic questions keep non-binary.
SURVEY_WORLD_VIEWS: dict[str, str] = {
    "greenhouse": f"select * replace ({_EEO1_RACES} as races) from {{db}}.main.demographics",
    "lever": (
        "select * replace ("
        "case when gender = 'non_binary' then 'declined' else gender end as gender, "
        f"{_EEO1_RACES} as races) from {{db}}.main.demographics"
    ),
}

_TRUTHS: dict[tuple[int, str], GroundTruth] = {}


# int_dei__application_groups has one column per dimension; read it one row per application and dimension
LONG_GROUPS = (
    "select connection, application_key, dimension, group_name, "
    "case when group_name in ('declined', 'not_submitted', 'unmapped') then group_name else 'reported' end "
    "as group_status from (unpivot dei.int_dei__application_groups on gender, race_ethnicity, veteran_status, "
    "disability_status, gender_race_ethnicity into name dimension value group_name)"
)


def survey_truth(build: VendorsBuild, vendor: str) -> GroundTruth:
    """The ground truth of the world with `demographics` as the vendor's self-ID reaches the DEI models."""
    key = (id(build.world), vendor)
    if key not in _TRUTHS:
        cur = build.world.cursor()  # temp views are private to this cursor: the shared world is untouched
        db = '"' + cur.execute("select current_database()").fetchone()[0].replace('"', '""') + '"'
        cur.execute(f"create temp view demographics as {SURVEY_WORLD_VIEWS[vendor].format(db=db)}")
        try:
            _TRUTHS[key] = compute(cur)
        finally:
            cur.close()
    return _TRUTHS[key]


def _rows(build: VendorsBuild, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(build.config.warehouse_path), read_only=True) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_build_passes_with_lever_self_id(vendors_build: VendorsBuild) -> None:
    for kind, statuses in vendors_build.result.statuses.items():
        assert not {"error", "fail", "skipped"} & set(statuses), (kind, statuses)
    assert self_id_vendors() == WITH_SELF_ID
    assert set(WITH_SELF_ID + WITHOUT_SELF_ID) == set(vendors_build.vendors)


@pytest.mark.parametrize("vendor", WITH_SELF_ID)
@pytest.mark.parametrize(("dimension", "world_dimension"), [("gender", "gender"), ("race_ethnicity", "race")])
def test_selection_by_group_equals_the_world(
    vendors_build: VendorsBuild, vendor: str, dimension: str, world_dimension: str
) -> None:
    got = {
        (r["stage"], r["group_name"]): (r["applicants"], r["selected"])
        for r in _rows(
            vendors_build,
            "select stage, group_name, applicants, selected from dei.int_dei__comparisons "
            f"where connection = '{vendors_build.connection(vendor)}' and scope_type = 'overall' "
            f"and dimension = '{dimension}' and step = 'component'",
        )
    }
    expected = {
        (r["kind"], r["group"]): (r["reached"], r["selected"])
        for r in survey_truth(vendors_build, vendor).selection_by_group(world_dimension)
        if r["reached"]
    }
    assert len(expected) >= 10  # several stages and groups: the comparison is not vacuous
    assert got == expected


def test_lever_loses_non_binary_and_multi_race_as_the_survey_does(vendors_build: VendorsBuild) -> None:
    # the adjustments above are real for this world (else the tests would not show the rendering is modelled)
    groups = {
        (r["dimension"], r["group_name"])
        for r in _rows(
            vendors_build,
            f"select distinct dimension, group_name from ({LONG_GROUPS}) "
            f"where connection = '{vendors_build.connection('lever')}'",
        )
    }
    with vendors_build.world.cursor() as cur:
        non_binary, multi_race = cur.execute(
            "select count(*) filter (gender = 'non_binary'), count(*) filter (len(list_distinct(races)) > 1) "
            "from demographics where deleted_at is null"
        ).fetchone()
    assert non_binary > 0 and multi_race > 0
    assert ("gender", "non_binary") not in groups and ("gender", "declined") in groups
    assert ("race_ethnicity", "two_or_more") in groups


@pytest.mark.parametrize("vendor", WITH_SELF_ID)
def test_every_answer_is_mapped(vendors_build: VendorsBuild, vendor: str) -> None:
    statuses = dict(
        query(
            vendors_build.config,
            f"select group_status, count(*) from ({LONG_GROUPS}) "
            f"where connection = '{vendors_build.connection(vendor)}' group by 1",
        )
    )
    assert statuses.get("reported", 0) > 0 and statuses.get("declined", 0) > 0
    assert "unmapped" not in statuses
    # every dimension of the survey arrives (veteran and disability included)
    dimensions = query(
        vendors_build.config,
        f"select count(distinct dimension) from ({LONG_GROUPS}) "
        f"where connection = '{vendors_build.connection(vendor)}' and group_status = 'reported'",
    )
    assert dimensions == [(5,)]  # four dimensions and their gender x race intersection


def test_coverage_per_vendor(vendors_build: VendorsBuild) -> None:
    coverage = {r["source_system"]: r for r in _rows(vendors_build, "select * from dei.dei_coverage")}
    assert set(coverage) == set(WITH_SELF_ID + WITHOUT_SELF_ID)
    with vendors_build.world.cursor() as cur:
        # applicant applications with a submitted survey (every submitted survey answers at least one question)
        submitted = cur.execute(
            "select count(*) from demographics d join applications a on a.id = d.application_id "
            "where d.deleted_at is null and d.submitted_at is not null and a.deleted_at is null "
            "and not a.is_prospect and a.job_id is not null"
        ).fetchone()[0]
    assert submitted > 100
    for vendor in WITH_SELF_ID:
        row = coverage[vendor]
        applications = vendor_truth(vendors_build, vendor).applications
        assert row["connection"] == vendors_build.connection(vendor)
        assert row["self_id_availability"] == "available"
        assert row["applications"] == applications
        assert row["applications_with_self_id"] == submitted, vendor
        assert row["response_rate"] == pytest.approx(submitted / applications)
    for vendor in WITHOUT_SELF_ID:
        row = coverage[vendor]
        assert row["self_id_availability"] == "not available from this ATS"
        # the connection itself is there (Ashby counts archived leads as applications: test_marts_by_vendor.py)
        assert row["applications"] == vendor_truth(vendors_build, vendor).applications
        # unknown, never zero
        assert row["applications_with_self_id"] is None and row["response_rate"] is None, vendor
        assert row["note"].startswith("Not available from this ATS")


# dlt merges through a staging twin of each dataset (`<dataset>_staging`), so the restricted dataset has one too:
# `raw_<connection>_restricted_staging`, restricted data as well (emptied after each load: see the test below).
RESTRICTED_SCHEMAS = (
    "(table_schema = 'dei' or table_schema like 'raw\\_%\\_restricted' escape '\\' "
    "or table_schema like 'raw\\_%\\_restricted\\_staging' escape '\\')"
)


def test_no_demographic_column_outside_the_restricted_schemas(vendors_build: VendorsBuild) -> None:
    columns = query(
        vendors_build.config,
        f"select table_schema, table_name, column_name from information_schema.columns where not {RESTRICTED_SCHEMAS}",
    )
    schemas = {c[0] for c in columns}
    # every vendor's raw dataset is in this warehouse, so the check covers all four
    assert {f"raw_{vendors_build.connection(v)}" for v in WITH_SELF_ID + WITHOUT_SELF_ID} <= schemas
    assert len(columns) > 1000
    leaks = [c for c in columns if any(w in c[2].lower() for w in DEMOGRAPHIC_WORDS)]
    assert not leaks
    # the restricted schemas do hold them (the check above could fail)
    restricted = query(
        vendors_build.config,
        f"select distinct table_schema, table_name from information_schema.columns where {RESTRICTED_SCHEMAS} "
        "and (lower(column_name) like '%gender%' or lower(column_name) like '%race%')",
    )
    found = {(s, t) for s, t in restricted}
    assert ("raw_lever_sandbox_restricted", "eeo_responses_pii") in found
    assert ("raw_lever_sandbox_restricted", "eeo_responses") in found
    assert ("dei", "stg_lever__eeo_responses_pii") in found


def test_staging_twins_keep_no_rows_after_the_load(vendors_build: VendorsBuild) -> None:
    """dlt merges through `<dataset>_staging`; the sync empties it after each load, so no copy of candidate PII or
    self-ID data outlives the load outside the datasets it belongs to."""
    tables = query(
        vendors_build.config,
        "select table_schema, table_name from information_schema.tables "
        "where table_schema like 'raw\\_%\\_staging' escape '\\' "
        "and table_name not like '\\_dlt%' escape '\\'",
    )
    assert tables  # every merged dataset has its twin (the check below could fail)
    rows = {
        (schema, table): query(vendors_build.config, f'select count(*) from "{schema}"."{table}"')[0][0]
        for schema, table in tables
    }
    assert not {k: n for k, n in rows.items() if n}


def test_a_connection_with_self_id_turned_off_reads_turned_off_not_zero(vendors_build: VendorsBuild) -> None:
    """Lever's eeo_pii: false skips the self-ID sync: coverage must say so, not report a 0% response rate."""
    raw = {
        "warehouse": {"path": str(vendors_build.config.warehouse_path)},
        "connections": [
            {
                "name": vendors_build.connection(vendor),
                "vendor": vendor,
                "options": {"sandbox": True} | ({"eeo_pii": False} if vendor == "lever" else {}),
            }
            for vendor in vendors_build.vendors
        ],
    }
    off = parse_config(raw, source="test", base_dir=vendors_build.config.base_dir)
    assert dbt_vars(off)["ats_self_id_off"] == [vendors_build.connection("lever")]
    try:
        dbt_build(off, "--select", "dei_coverage", publish=False)
        coverage = {r["source_system"]: r for r in _rows(vendors_build, "select * from dei.dei_coverage")}
    finally:
        dbt_build(vendors_build.config, "--select", "dei_coverage", publish=False)
    lever = coverage["lever"]
    assert lever["self_id_availability"] == "turned off for this connection"
    assert lever["applications_with_self_id"] is None and lever["response_rate"] is None
    assert lever["applications"] == vendor_truth(vendors_build, "lever").applications
    assert coverage["greenhouse"]["self_id_availability"] == "available"
