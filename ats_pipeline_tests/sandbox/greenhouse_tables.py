"""Greenhouse v3 resource -> the world table it renders one row per record from (shared by the emulator and
sync tests)."""

WORLD_TABLE = {
    "departments": "departments",
    "offices": "offices",
    "users": "users",
    "sources": "sources",
    "rejection_reasons": "rejection_reasons",
    "jobs": "jobs",
    "job_interview_stages": "job_stages",
    "openings": "openings",
    "candidates": "candidates",
    "candidate_educations": "candidate_educations",
    "candidate_employments": "candidate_employments",
    "attachments": "attachments",
    "applications": "applications",
    "application_stages": "application_stages",
    "interviews": "interviews",
    "interviewers": "interview_interviewers",
    "scorecards": "scorecards",
    "offers": "offers",
    "eeoc": "demographics",
}
