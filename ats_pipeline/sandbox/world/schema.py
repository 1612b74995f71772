"""Vendor-neutral tables of the sandbox hiring world (DuckDB DDL).

This is the contract between the world (which writes these tables) and the emulators (which read them
and render each vendor's shapes). Every table holds the *current* state of the world as of
``world_meta['now']``; time moves (``World.advance``) mutate rows and bump ``updated_at``.

Conventions:
- ids are BIGINT, unique per table, assigned in creation order starting at 1;
- timestamps are naive ``TIMESTAMP`` values in UTC; dates are ``DATE``;
- ``deleted_at`` non-null means the record was deleted in the source: emulators hide it (or list it as
  a tombstone where the vendor has deleted lists); children of a deleted application or candidate are
  deleted with it (same ``deleted_at``);
- enums are lower-case strings listed next to each column.
"""

from __future__ import annotations

DDL: tuple[str, ...] = (
    """
    create table if not exists world_meta (
        key varchar primary key,          -- seed, applications, now, start, adverse_impact (json), step
        value varchar
    )
    """,
    """
    create table if not exists departments (
        id bigint primary key,
        name varchar not null,
        parent_id bigint,                 -- null for top-level departments
        external_id varchar,
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists offices (
        id bigint primary key,
        name varchar not null,
        location varchar,                 -- "City, Country"
        timezone varchar not null,        -- IANA name, e.g. 'America/New_York'
        parent_id bigint,
        external_id varchar,
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists users (
        id bigint primary key,
        first_name varchar not null,
        last_name varchar not null,
        email varchar not null,
        role varchar not null,            -- recruiter | coordinator | hiring_manager | interviewer | admin
        is_active boolean not null,       -- false = deactivated
        department_id bigint,
        office_id bigint,
        employee_id varchar,
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists sources (
        id bigint primary key,
        name varchar not null,            -- "LinkedIn", "Employee Referral", "Company Website", ...
        type varchar not null,            -- applied | referral | agency | sourced
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists rejection_reasons (
        id bigint primary key,
        name varchar not null,
        type varchar not null,            -- we_rejected | they_withdrew | none_specified
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists jobs (
        id bigint primary key,
        title varchar not null,
        status varchar not null,          -- draft | open | closed
        department_id bigint not null,
        office_id bigint not null,
        recruiter_id bigint,
        coordinator_id bigint,
        hiring_manager_id bigint,
        confidential boolean not null,
        requisition_id varchar not null,
        opened_at timestamp,              -- null for drafts
        closed_at timestamp,              -- set when status = closed
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists openings (
        id bigint primary key,
        job_id bigint not null,
        opening_code varchar not null,    -- human-readable opening id, e.g. 'REQ-12-1'
        status varchar not null,          -- open | closed
        opened_at timestamp not null,
        closed_at timestamp,
        close_reason varchar,             -- hired | cancelled | null
        application_id bigint,            -- the hire that filled it
        target_start_date date,
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists job_stages (
        id bigint primary key,
        job_id bigint not null,
        name varchar not null,            -- "Application Review", "Recruiter Screen", "Take Home", "Onsite", ...
        stage_order integer not null,     -- 1..n within the job's interview plan
        kind varchar not null,            -- ground truth only, never rendered by emulators:
                                          -- applied | screen | assessment | interview | final | offer
        created_at timestamp not null,
        updated_at timestamp not null
    )
    """,
    """
    create table if not exists candidates (
        id bigint primary key,
        first_name varchar,               -- null after anonymization
        last_name varchar,
        email varchar,
        phone varchar,
        company varchar,
        title varchar,
        city varchar,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp,             -- deleted, or merged into another candidate
        merged_into_id bigint,            -- set when this duplicate was merged into that candidate
        anonymized_at timestamp           -- GDPR erasure: PII columns nulled, record kept
    )
    """,
    """
    create table if not exists candidate_educations (
        id bigint primary key,
        candidate_id bigint not null,
        school_name varchar not null,
        degree varchar,
        discipline varchar,
        start_date date,
        end_date date,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists candidate_employments (
        id bigint primary key,
        candidate_id bigint not null,
        company_name varchar not null,
        title varchar,
        start_date date,
        end_date date,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists attachments (
        id bigint primary key,
        candidate_id bigint not null,
        application_id bigint,
        filename varchar not null,
        type varchar not null,            -- resume | cover_letter | other
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists applications (
        id bigint primary key,
        candidate_id bigint not null,
        job_id bigint,                    -- null only for prospects not attached to a job
        is_prospect boolean not null,
        source_id bigint,
        referrer_id bigint,               -- users.id, for referrals
        recruiter_id bigint,
        coordinator_id bigint,
        status varchar not null,          -- active | rejected | hired
        current_stage_id bigint,          -- job_stages.id; null for prospects without a job
        applied_at timestamp not null,
        rejected_at timestamp,
        rejection_reason_id bigint,
        hired_at timestamp,               -- time of the hire event
        last_activity_at timestamp not null,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists application_stages (
        id bigint primary key,            -- one row per stage *visit* (re-entries give several rows)
        application_id bigint not null,
        job_stage_id bigint not null,
        entered_at timestamp not null,
        exited_at timestamp,              -- null while the application is still in this stage
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists application_events (
        id bigint primary key,            -- the full event log, in time order per application
        application_id bigint not null,
        kind varchar not null,            -- applied | stage_change | rejected | unrejected | hired | withdrew
        from_stage_id bigint,
        to_stage_id bigint,
        rejection_reason_id bigint,
        user_id bigint,                   -- who did it (null for candidate actions)
        occurred_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists interviews (
        id bigint primary key,
        application_id bigint not null,
        job_stage_id bigint not null,
        name varchar not null,            -- "Technical Interview", "Culture Interview", ...
        status varchar not null,          -- scheduled | awaiting_feedback | complete | cancelled
        starts_at timestamp not null,
        ends_at timestamp not null,
        organizer_id bigint,
        location varchar,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists interview_interviewers (
        id bigint primary key,
        interview_id bigint not null,
        user_id bigint not null,
        response_status varchar not null, -- needs_action | accepted | declined | tentative
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists scorecards (
        id bigint primary key,
        application_id bigint not null,
        interview_id bigint not null,
        interviewer_id bigint not null,   -- users.id
        recommendation varchar not null,  -- strong_no | no | yes | strong_yes | no_decision
        interviewed_at timestamp not null,
        submitted_at timestamp,           -- null while a draft
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists offers (
        id bigint primary key,
        application_id bigint not null,
        candidate_id bigint not null,
        job_id bigint not null,
        opening_id bigint,
        version integer not null,         -- 1..n per application; older versions are 'deprecated'
        status varchar not null,          -- created | sent | accepted | declined | deprecated | reneged
                                          -- (reneged = accepted, then the candidate backed out before start)
        salary integer not null,          -- yearly, whole currency units
        currency varchar not null,
        sent_at timestamp,
        resolved_at timestamp,            -- accepted / declined / deprecated time
        start_date date,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
    """
    create table if not exists demographics (
        application_id bigint primary key, -- self-ID is collected per application
        candidate_id bigint not null,
        gender varchar,                    -- female | male | non_binary | declined  (null = not submitted)
        races varchar[],                   -- zero or more of: american_indian_alaska_native | asian | black |
                                           -- hispanic_latino | native_hawaiian_pacific_islander | white;
                                           -- ['declined'] when declined; null = not submitted
        veteran_status varchar,            -- not_veteran | protected_veteran | declined
        disability_status varchar,         -- yes | no | declined
        submitted_at timestamp,
        created_at timestamp not null,
        updated_at timestamp not null,
        deleted_at timestamp
    )
    """,
)

# Tables every emulator may read, in dependency order.
TABLES: tuple[str, ...] = (
    "departments",
    "offices",
    "users",
    "sources",
    "rejection_reasons",
    "jobs",
    "openings",
    "job_stages",
    "candidates",
    "candidate_educations",
    "candidate_employments",
    "attachments",
    "applications",
    "application_stages",
    "application_events",
    "interviews",
    "interview_interviewers",
    "scorecards",
    "offers",
    "demographics",
)

CANONICAL_STAGE_KINDS: tuple[str, ...] = ("applied", "screen", "assessment", "interview", "final", "offer")
