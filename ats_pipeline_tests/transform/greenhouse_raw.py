"""Write a world's Greenhouse raw tables straight into a warehouse, shaped like a dlt sync of the emulator.

A full sync over HTTP is the faithful path but takes minutes at scale; the dbt benchmark needs a million
applications. This renders, in SQL, what the Greenhouse emulator serves (``sandbox/emulators/greenhouse/shapes.py``)
and dlt loads (column names and types of the raw tables dbt reads). ``test_raw_loader.py`` checks it against a
real sync, table by table, so the benchmark measures dbt on the same data a sync produces.

Columns staging does not read and that need emulator-only hashing (custom field option ids, interview plan slot
ids, signed URLs) are left out: staging turns absent columns into typed NULLs.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ats_pipeline.sandbox.emulators.greenhouse import vocab

# Naive UTC world timestamps -> the TIMESTAMP WITH TIME ZONE columns dlt creates from "...Z" strings.
_TS = "timezone('UTC', {})"


def _ts(column: str) -> str:
    return _TS.format(column)


def _stamps(alias: str = "t") -> str:
    return f"{_ts(alias + '.created_at')} as created_at, {_ts(alias + '.updated_at')} as updated_at"


def _dlt(prefix: str, alias: str = "t") -> str:
    return f"'fast' as _dlt_load_id, '{prefix}' || {alias}.id as _dlt_id"


TABLES: dict[str, str] = {
    "departments": f"""
        select t.id, t.name, t.parent_id, t.external_id, {_stamps()}, {_dlt("dep")} from departments t""",
    "users": f"""
        select t.id, t.first_name, t.last_name, t.first_name || ' ' || t.last_name as name,
               t.email as primary_email, t.employee_id, t.role = 'admin' as site_admin,
               not t.is_active as deactivated, {_stamps()}, {_dlt("usr")}
        from users t""",
    "sources": f"""
        select t.id, t.name, {_stamps()},
               cast(case when t.type = 'agency' then 1
                    when t.type = 'sourced' then 3
                    when t.type = 'referral' then 4
                    when regexp_matches(lower(t.name), 'website|career|company|internal|event') then 2
                    else 5 end as bigint) as type__id,
               case when t.type = 'agency' then 'Agencies'
                    when t.type = 'sourced' then 'Prospecting'
                    when t.type = 'referral' then 'Referral'
                    when regexp_matches(lower(t.name), 'website|career|company|internal|event') then 'Company marketing'
                    else 'Third-party boards' end as type__name,
               {_dlt("src")}
        from sources t""",
    "rejection_reasons": f"""
        select t.id, t.name, {_stamps()},
               cast(case t.type when 'we_rejected' then 1 when 'they_withdrew' then 2 else 3 end as bigint) as type__id,
               case t.type when 'we_rejected' then 'WE_REJECTED_THEM' when 'they_withdrew' then 'THEY_REJECTED_US'
                    else 'NONE_SPECIFIED' end as type__key,
               case t.type when 'we_rejected' then 'We rejected them' when 'they_withdrew' then 'They rejected us'
                    else 'None specified' end as type__name,
               {_dlt("rr")}
        from rejection_reasons t""",
    "jobs": f"""
        select t.id, t.title as name, t.status, t.confidential, false as is_template, t.department_id,
               t.requisition_id, {_ts("t.opened_at")} as opened_at, {_ts("t.closed_at")} as closed_at,
               {_stamps()}, {_dlt("job")}
        from jobs t where t.deleted_at is null""",
    "job_interview_stages": f"""
        select t.id, t.job_id, t.name, cast(t.stage_order as bigint) as sort_order, true as active, {_stamps()},
               {_dlt("jis")}
        from job_stages t""",
    "openings": f"""
        select t.id, t.job_id, t.opening_code as opening_id, t.status = 'open' as open,
               {_ts("t.opened_at")} as opened_at, {_ts("t.closed_at")} as closed_at,
               cast(case t.close_reason when 'hired' then 1 when 'cancelled' then 2 end as bigint) as close_reason_id,
               t.application_id, strftime(t.target_start_date, '%Y-%m-%d') as target_start_on,
               row_number() over (partition by t.job_id order by t.id) as sort_order,
               {_stamps()}, {_dlt("opn")}
        from openings t""",
    "candidates": f"""
        select t.id, t.first_name, t.last_name, false as private, t.email is not null as can_email,
               {_ts("coalesce(a.last_activity_at, t.updated_at)")} as last_activity_at, {_stamps()},
               {_dlt("can")}, t.company, t.title
        from candidates t
        left join (select candidate_id, max(last_activity_at) as last_activity_at from applications
                   where deleted_at is null group by 1) a on a.candidate_id = t.id
        where t.deleted_at is null""",
    "candidates__email_addresses": """
        select t.email as value, 'personal' as type, 'can' || t.id as _dlt_root_id, 'can' || t.id as _dlt_parent_id,
               cast(0 as bigint) as _dlt_list_idx, 'cem' || t.id as _dlt_id
        from candidates t where t.deleted_at is null and t.email is not null""",
    "candidate_educations": f"""
        select t.id, t.candidate_id, {_ts("cast(t.start_date as timestamp)")} as start_at,
               {_ts("cast(t.end_date as timestamp)")} as end_at,
               month(t.start_date) as start_date_month, year(t.start_date) as start_date_year,
               month(t.end_date) as end_date_month, year(t.end_date) as end_date_year,
               row_number() over (partition by t.candidate_id order by t.end_date desc nulls first, t.id desc) = 1
                   as latest,
               {_stamps()}, {_dlt("edu")}
        from candidate_educations t where t.deleted_at is null""",
    "candidate_employments": f"""
        select t.id, t.candidate_id, t.company_name, t.title, strftime(t.start_date, '%Y-%m-%d') as start_date,
               strftime(t.end_date, '%Y-%m-%d') as end_date,
               row_number() over (partition by t.candidate_id order by t.end_date desc nulls first, t.id desc) = 1
                   as latest,
               {_stamps()}, {_dlt("emp")}
        from candidate_employments t where t.deleted_at is null""",
    "attachments": f"""
        select t.id, t.application_id, t.candidate_id, t.filename, t.type, {_stamps()}, {_dlt("att")}
        from attachments t where t.deleted_at is null""",
    "applications": f"""
        select t.id, t.candidate_id, t.job_id, t.current_stage_id as job_interview_stage_id,
               t.current_stage_id as stage_id, s.name as stage_name,
               case t.status when 'active' then 'in_process' else t.status end as status,
               t.is_prospect as prospect, t.source_id, t.recruiter_id, t.coordinator_id,
               {_ts("t.last_activity_at")} as last_activity_at, false as needs_decision, {_stamps()},
               {_dlt("app")}, t.referrer_id, t.rejection_reason_id, {_ts("t.rejected_at")} as rejected_at
        from applications t left join job_stages s on s.id = t.current_stage_id
        where t.deleted_at is null""",
    "application_stages": f"""
        select t.id, t.application_id, t.job_stage_id as job_interview_stage_id,
               {_ts("t.entered_at")} as entered_at, t.exited_at is null as current,
               greatest(0, floor((epoch(coalesce(t.exited_at, now.value)) - epoch(t.entered_at)) / 86400))::bigint
                   as days_in_stage,
               {_stamps()}, {_dlt("stg")}, {_ts("t.exited_at")} as exited_at
        from application_stages t
        cross join (select cast(value as timestamp) as value from world_meta where key = 'now') now
        where t.deleted_at is null""",
    "interviews": f"""
        select t.id, t.application_id, a.job_id,
               case t.status when 'cancelled' then 'skipped' else t.status end as status,
               {_ts("t.starts_at")} as starts_at, {_ts("t.ends_at")} as ends_at,
               {_ts("t.created_at")} as scheduled_at, t.organizer_id, t.location, {_stamps()}, {_dlt("int")}
        from interviews t left join applications a on a.id = t.application_id
        where t.deleted_at is null""",
    "interviewers": f"""
        select t.id, t.interview_id, t.user_id, u.email, t.response_status, {_stamps()}, {_dlt("ivr")},
               s.id as scorecard_id
        from interview_interviewers t
        left join users u on u.id = t.user_id
        left join scorecards s
            on s.interview_id = t.interview_id and s.interviewer_id = t.user_id and s.deleted_at is null
        where t.deleted_at is null""",
    "scorecards": f"""
        select t.id, t.application_id, t.interview_id, t.interviewer_id,
               case when t.submitted_at is not null then t.interviewer_id end as submitter_id,
               {_ts("t.interviewed_at")} as interviewed_at, {_ts("t.submitted_at")} as submitted_at,
               case when t.submitted_at is not null then 'complete' else 'draft' end as status,
               t.recommendation as candidate_rating, {_stamps()}, {_dlt("scd")}
        from scorecards t where t.deleted_at is null""",
    "offers": f"""
        select t.id, t.application_id, t.candidate_id, t.job_id, t.opening_id, cast(t.version as bigint) as version,
               case t.status when 'created' then 'Created' when 'sent' then 'Created' when 'accepted' then 'Accepted'
                    when 'reneged' then 'Accepted' when 'declined' then 'Rejected' else 'Deprecated' end as status,
               strftime(t.sent_at, '%Y-%m-%d') as sent_on, strftime(t.start_date, '%Y-%m-%d') as starts_on,
               case when t.status in ('accepted', 'reneged', 'declined') then {_ts("t.resolved_at")} end
                   as resolved_at,
               {_stamps()}, {_dlt("off")}
        from offers t where t.deleted_at is null""",
}


def _eeoc_field(name: str, table: dict[str, tuple[int, str]], value: str) -> str:
    """A nested EEOC answer ({id, description}) as dlt flattens it: <name>__id, <name>__description."""
    ids = " ".join(f"when '{k}' then {i}" for k, (i, _) in table.items())
    texts = " ".join("when '{}' then '{}'".format(k, t.replace("'", "''")) for k, (_, t) in table.items())
    return f"case {value} {ids} end as {name}__id, case {value} {texts} end as {name}__description"


# The EEOC form has one race answer: several races -> "Two or More Races" (vocab.eeoc_race).
_EEOC_RACE = (
    "case when list_contains(t.races, 'declined') then 'declined' when len(list_distinct(t.races)) > 1 "
    "then 'two_or_more' else t.races[1] end"
)
_OPTIONS = ", ".join(f"({o}, {q}, '{v}')" for o, q, v, _, _ in vocab.DEMOGRAPHIC_OPTIONS)
_QUESTION_COLUMNS = " union all ".join(
    f"select application_id, {q} as question_id, {'unnest(races)' if c == 'races' else c} as value, "
    "created_at, updated_at from demographics where deleted_at is null and submitted_at is not null"
    for q, c, _, _ in vocab.DEMOGRAPHIC_QUESTIONS
)

# Self-identification data, loaded into the connection's restricted dataset (raw_<connection>_restricted).
RESTRICTED_TABLES: dict[str, str] = {
    "eeoc": f"""
        select t.application_id as id, t.application_id, t.candidate_id,
               {_eeoc_field("gender", vocab.EEOC_GENDERS, "t.gender")},
               {_eeoc_field("race", vocab.EEOC_RACES, _EEOC_RACE)},
               {_eeoc_field("veteran_status", vocab.EEOC_VETERAN, "t.veteran_status")},
               {_eeoc_field("disability_status", vocab.EEOC_DISABILITY, "t.disability_status")},
               {_ts("t.submitted_at")} as submitted_at, {_stamps()}, 'fast' as _dlt_load_id, 'eeo' || t.application_id as _dlt_id
        from demographics t where t.deleted_at is null""",
    "demographic_questions": " union all ".join(
        "select {} as id, {} as demographic_question_set_id, '{}' as name, '{}' as answer_type, false as required, "
        "true as active, 'dq{}' as _dlt_id".format(q, vocab.DEMOGRAPHIC_QUESTION_SET["id"], n.replace("'", "''"), a, q)
        for q, _, n, a in vocab.DEMOGRAPHIC_QUESTIONS
    ),
    "demographic_answer_options": " union all ".join(
        "select {} as id, {} as demographic_question_id, '{}' as name, true as active, false as free_form, "
        "{} as decline_to_answer, 'dao{}' as _dlt_id".format(o, q, n.replace("'", "''"), str(d).lower(), o)
        for o, q, _, n, d in vocab.DEMOGRAPHIC_OPTIONS
    ),
    "demographic_answers": f"""
        select a.application_id * {vocab.ANSWER_ID_STRIDE} + o.option_id as id, a.application_id,
               o.question_id as demographic_question_id, o.option_id as demographic_answer_option_id,
               {_stamps("a")}, 'dan' || (a.application_id * {vocab.ANSWER_ID_STRIDE} + o.option_id) as _dlt_id
        from ({_QUESTION_COLUMNS}) a
        join (values {_OPTIONS}) o(option_id, question_id, value) on o.question_id = a.question_id and o.value = a.value""",
}


def load(world: duckdb.DuckDBPyConnection, warehouse: Path, dataset: str) -> dict[str, int]:
    """Create (or replace) ``<dataset>.<table>`` in ``warehouse`` for every table above; returns row counts.

    ``world`` is a cursor on the world's database; the warehouse is attached to it for the copy and detached
    after, so no lock outlives the call.
    """
    counts: dict[str, int] = {}
    world.execute(f"attach '{warehouse}' as wh")
    try:
        world.execute(f"create schema if not exists wh.{dataset}")
        for table, sql in TABLES.items():
            world.execute(f"create or replace table wh.{dataset}.{table} as {sql}")
            counts[table] = world.execute(f"select count(*) from wh.{dataset}.{table}").fetchone()[0]
    finally:
        world.execute("detach wh")
    return counts


def load_restricted(world: duckdb.DuckDBPyConnection, warehouse: Path, dataset: str) -> dict[str, int]:
    """The same for the self-identification tables (``dataset`` is ``raw_<connection>_restricted``)."""
    counts: dict[str, int] = {}
    world.execute(f"attach '{warehouse}' as wh")
    try:
        world.execute(f"create schema if not exists wh.{dataset}")
        for table, sql in RESTRICTED_TABLES.items():
            world.execute(f"create or replace table wh.{dataset}.{table} as {sql}")
            counts[table] = world.execute(f"select count(*) from wh.{dataset}.{table}").fetchone()[0]
    finally:
        world.execute("detach wh")
    return counts
