"""How the world's enums map onto Lever's vocabularies (ats_apis.md §2.6, §2.7; ❓ marks are decisions).

- Users: Lever access roles. Origins: Lever's opportunity origins.
- Offers: Lever offer statuses are draft, approval-sent, approved, sent, sent-manually, opened, denied, signed.
  created -> approved (approved, not yet sent), sent -> sent, accepted and reneged -> signed (a renege shows as the
  opportunity being archived afterwards), declined -> denied (Lever's "offer declined"), deprecated (an earlier
  version superseded by a revision) -> sent: Lever keeps past versions of a revised offer as they were; the current
  version is the newest offer of the opportunity.
- Feedback: the overall rating is a ``score-system`` field with values "4 - Strong Hire" ... "1 - Strong No Hire"
  ❓; no decision (or a draft) has no value.
- EEO: the strings of Lever's US EEO survey (gender, race, veteran, disability) ❓. The survey offers Male / Female /
  Decline only, so a non-binary answer can only be recorded as declined; race follows the EEO-1 rule (Hispanic or
  Latino wins, several races otherwise give "Two or More Races").
"""

from __future__ import annotations

ACCESS_ROLES = {
    "admin": "super admin",
    "recruiter": "admin",
    "coordinator": "team member",
    "hiring_manager": "limited team member",
    "interviewer": "interviewer",
}

# world source type -> Lever opportunity origin
ORIGINS = {"applied": "applied", "referral": "referred", "agency": "agency", "sourced": "sourced"}
ORIGIN_FILTER = {origin: world for world, origin in ORIGINS.items()}

POSTING_STATES = {"open": "published", "closed": "closed", "draft": "draft"}
POSTING_STATE_FILTER = {state: world for world, state in POSTING_STATES.items()}

REQUISITION_STATUS = {"open": "open", "closed": "closed", "draft": "draft"}

OFFER_STATUS = {
    "created": "approved",
    "sent": "sent",
    "accepted": "signed",
    "reneged": "signed",
    "declined": "denied",
    "deprecated": "sent",
}

SCORES = {
    "strong_yes": "4 - Strong Hire",
    "yes": "3 - Hire",
    "no": "2 - No Hire",
    "strong_no": "1 - Strong No Hire",
    "no_decision": None,
}

HIRED_REASON_NID = 0  # the "Hired" archive reason (world rejection reasons start at 1)
HIRED_REASON_TEXT = "Hired"
LEAD_NEW_TEXT = "New lead"

DECLINED = "Decline to self-identify"
EEO_GENDER = {"male": "Male", "female": "Female", "declined": DECLINED, "non_binary": DECLINED}
EEO_RACE = {
    "american_indian_alaska_native": "American Indian or Alaska Native (Not Hispanic or Latino)",
    "asian": "Asian (Not Hispanic or Latino)",
    "black": "Black or African American (Not Hispanic or Latino)",
    "hispanic_latino": "Hispanic or Latino",
    "native_hawaiian_pacific_islander": "Native Hawaiian or Other Pacific Islander (Not Hispanic or Latino)",
    "white": "White (Not Hispanic or Latino)",
    "two_or_more": "Two or More Races (Not Hispanic or Latino)",
    "declined": DECLINED,
}
EEO_VETERAN = {
    "protected_veteran": "I am a Protected Veteran",
    "not_veteran": "I am not a Protected Veteran",
    "declined": DECLINED,
}
EEO_DISABILITY = {
    "yes": "Yes, I have a disability (or previously had a disability)",
    "no": "No, I do not have a disability and have not had one in the past",
    "declined": "I do not want to answer",
}


def eeo_race(races: list[str] | None) -> str | None:
    if not races:
        return None
    if "declined" in races:
        return EEO_RACE["declined"]
    if "hispanic_latino" in races:
        return EEO_RACE["hispanic_latino"]
    if len(set(races)) > 1:
        return EEO_RACE["two_or_more"]
    return EEO_RACE.get(races[0])
