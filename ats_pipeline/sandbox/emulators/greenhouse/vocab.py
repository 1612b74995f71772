"""Greenhouse's fixed vocabularies and how the world's enums map onto them.

Human strings follow the Harvest v3 reference as quoted by Airbyte's v3 connector schemas (ats_apis.md §1.9 marks
the disability wording ❓; these are the strings that schema lists as the fixed enum).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

# --- value formatting ---------------------------------------------------------------------------------------------


def ts(value: datetime | None) -> str | None:
    """ISO 8601 UTC with milliseconds and Z, e.g. 2025-02-03T10:11:12.345Z (world timestamps are naive UTC)."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


# --- applications, offers, interviews -----------------------------------------------------------------------------

APPLICATION_STATUS = {"active": "in_process", "rejected": "rejected", "hired": "hired"}

# reneged offers stay Accepted: the renege shows as the application being rejected afterwards.
OFFER_STATUS = {
    "created": "Created",
    "sent": "Created",
    "accepted": "Accepted",
    "reneged": "Accepted",
    "declined": "Rejected",
    "deprecated": "Deprecated",
}
# status filter values (v3 spelling, case-insensitive, plus the v1 words) -> world statuses
OFFER_STATUS_FILTER = {
    "created": ("created", "sent"),
    "unresolved": ("created", "sent"),
    "accepted": ("accepted", "reneged"),
    "rejected": ("declined",),
    "deprecated": ("deprecated",),
}

# The world's interview statuses exist verbatim in v3 except "cancelled": Greenhouse has no such status, and
# "skipped" is its terminal state for an interview that did not take place.
INTERVIEW_STATUS = {"cancelled": "skipped"}

# --- sources and rejection reasons --------------------------------------------------------------------------------

# Greenhouse "sourcing strategies" (sources.type). Ids are this emulator's; names are Greenhouse's.
SOURCE_TYPES = {
    "Agencies": 1,
    "Company marketing": 2,
    "Prospecting": 3,
    "Referral": 4,
    "Third-party boards": 5,
    "Other": 6,
}
_COMPANY_MARKETING_WORDS = ("website", "career", "company", "internal", "event")


def source_type(world_type: str, name: str) -> dict[str, Any]:
    """The world's channel -> a Greenhouse sourcing strategy (inverse: Prospecting=sourced, Referral=referral,
    Agencies=agency, anything else=applied)."""
    if world_type == "sourced":
        strategy = "Prospecting"
    elif world_type == "referral":
        strategy = "Referral"
    elif world_type == "agency":
        strategy = "Agencies"
    elif any(word in name.lower() for word in _COMPANY_MARKETING_WORDS):
        strategy = "Company marketing"
    else:
        strategy = "Third-party boards"
    return {"id": SOURCE_TYPES[strategy], "name": strategy}


REJECTION_TYPES = {
    "we_rejected": {"id": 1, "key": "WE_REJECTED_THEM", "name": "We rejected them"},
    "they_withdrew": {"id": 2, "key": "THEY_REJECTED_US", "name": "They rejected us"},
    "none_specified": {"id": 3, "key": "NONE_SPECIFIED", "name": "None specified"},
}

CLOSE_REASONS = {"hired": (1, "Hire - New Headcount"), "cancelled": (2, "Requisition Cancelled")}

# --- EEOC ---------------------------------------------------------------------------------------------------------

EEOC_RACES = {
    "american_indian_alaska_native": (1, "American Indian or Alaskan Native"),
    "asian": (2, "Asian"),
    "black": (3, "Black or African American"),
    "hispanic_latino": (4, "Hispanic or Latino"),
    "white": (5, "White"),
    "native_hawaiian_pacific_islander": (6, "Native Hawaiian or Other Pacific Islander"),
    "two_or_more": (7, "Two or More Races"),
    "declined": (8, "Decline To Self Identify"),
}
# The US EEOC form offers Male/Female/Decline only: a non-binary applicant can only decline there (the
# demographic questions below keep "Non-binary").
EEOC_GENDERS = {
    "male": (1, "Male"),
    "female": (2, "Female"),
    "declined": (3, "Decline To Self Identify"),
    "non_binary": (3, "Decline To Self Identify"),
}
EEOC_VETERAN = {
    "not_veteran": (1, "I am not a protected veteran"),
    "protected_veteran": (2, "I identify as one or more of the classifications of a protected veteran"),
    "declined": (3, "I don't wish to answer"),
}
EEOC_DISABILITY = {
    "yes": (1, "Yes, I have a disability, or have had one in the past"),
    "no": (2, "No, I do not have a disability and have not had one in the past"),
    "declined": (3, "I do not want to answer"),
}
_SKIPPED = {"id": None, "description": None}


def _eeoc_value(table: dict[str, tuple[int, str]], value: str | None) -> dict[str, Any]:
    if value is None or value not in table:
        return dict(_SKIPPED)
    ident, text = table[value]
    return {"id": ident, "description": text}


def eeoc_gender(value: str | None) -> dict[str, Any]:
    return _eeoc_value(EEOC_GENDERS, value)


def eeoc_race(races: list[str] | None) -> dict[str, Any]:
    """One answer per form: several races -> "Two or More Races"; declined -> "Decline To Self Identify"."""
    if not races:
        return dict(_SKIPPED)
    if "declined" in races:
        return _eeoc_value(EEOC_RACES, "declined")
    if len(set(races)) > 1:
        return _eeoc_value(EEOC_RACES, "two_or_more")
    return _eeoc_value(EEOC_RACES, races[0])


def eeoc_veteran(value: str | None) -> dict[str, Any]:
    return _eeoc_value(EEOC_VETERAN, value)


def eeoc_disability(value: str | None) -> dict[str, Any]:
    return _eeoc_value(EEOC_DISABILITY, value)


# --- demographics (the configurable "Inclusion" questions) ---------------------------------------------------------

DEMOGRAPHIC_QUESTION_SET = {
    "id": 1,
    "title": "Voluntary Self-Identification",
    "description": "Answering is voluntary and will not affect your application.",
    "active": True,
    "enabled": True,
}
# (id, world column, prompt, answer_type)
DEMOGRAPHIC_QUESTIONS = (
    (1, "gender", "How would you describe your gender identity?", "multi_value_single_select"),
    (2, "races", "How would you describe your racial/ethnic background?", "multi_value_multi_select"),
    (3, "veteran_status", "Are you a protected veteran?", "multi_value_single_select"),
    (4, "disability_status", "Do you have a disability?", "multi_value_single_select"),
)
# (option id, question id, world value, name, decline_to_answer). Option ids stay below 32: answer ids are
# application_id * 32 + option id (see resources.py), one row per chosen option.
DEMOGRAPHIC_OPTIONS = (
    (1, 1, "female", "Woman", False),
    (2, 1, "male", "Man", False),
    (3, 1, "non_binary", "Non-binary", False),
    (4, 1, "declined", "I don't wish to answer", True),
    (5, 2, "american_indian_alaska_native", "American Indian or Alaska Native", False),
    (6, 2, "asian", "Asian", False),
    (7, 2, "black", "Black or African American", False),
    (8, 2, "hispanic_latino", "Hispanic or Latinx", False),
    (9, 2, "native_hawaiian_pacific_islander", "Native Hawaiian or Other Pacific Islander", False),
    (10, 2, "white", "White", False),
    (11, 2, "declined", "I don't wish to answer", True),
    (12, 3, "not_veteran", "I am not a protected veteran", False),
    (13, 3, "protected_veteran", "I am a protected veteran", False),
    (14, 3, "declined", "I don't wish to answer", True),
    (15, 4, "yes", "Yes, I have a disability (or previously had one)", False),
    (16, 4, "no", "No, I don't have a disability", False),
    (17, 4, "declined", "I don't wish to answer", True),
)
ANSWER_ID_STRIDE = 32

# --- custom field dictionaries used by candidate_educations --------------------------------------------------------

# custom field id -> (name_key, world column)
EDUCATION_FIELDS = {1: ("school_name", "school_name"), 2: ("degree", "degree"), 3: ("discipline", "discipline")}
EDUCATION_FIELD_IDS = {key: field_id for field_id, (key, _) in EDUCATION_FIELDS.items()}


def custom_field_option_id(field_id: int, value: str | None) -> int | None:
    """A stable id for a dictionary value (the world stores education names as text; Greenhouse as option ids).
    40 bits of a keyed hash: collisions are negligible and the id never changes as the world grows."""
    if value is None:
        return None
    digest = hashlib.blake2b(f"{field_id}:{value}".encode(), digest_size=5).digest()
    return field_id * 10**12 + int.from_bytes(digest, "big") % 10**12


# --- job interviews (the interview slots of a stage) ---------------------------------------------------------------


def job_interview_id(job_stage_id: int, name: str) -> int:
    """The world names interviews but keeps no interview-plan slots; a slot is (stage, interview name), with a
    stable id derived from both (30 bits of hash per stage: collisions are negligible)."""
    digest = hashlib.blake2b(name.encode(), digest_size=4).digest()
    return job_stage_id * 10**9 + int.from_bytes(digest, "big") % 10**9
