"""Turn the exception chains of dlt, dbt and HTTP calls into one message a user can act on."""

from __future__ import annotations

from ats_pipeline.config import ConfigError
from ats_pipeline.http import ApiError


def root_cause(exc: BaseException) -> BaseException:
    """dlt wraps extraction errors (PipelineStepFailed -> ResourceExtractionError -> ...); find ours."""
    seen: set[int] = set()
    current: BaseException | None = exc
    best: BaseException = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ApiError | ConfigError):
            return current
        best = current
        current = getattr(current, "exception", None) or current.__cause__ or current.__context__
    return best


def explain(exc: BaseException) -> str:
    cause = root_cause(exc)
    if isinstance(cause, ApiError | ConfigError):
        return str(cause)
    text = str(cause).strip() or type(cause).__name__
    return f"{type(cause).__name__}: {text}"
