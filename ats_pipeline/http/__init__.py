"""Shared HTTP machinery for the ATS sources: auth, pacing, retries, safe errors, request stats."""

from .auth import BasicAuth, BearerAuth, OAuthClientCredentials
from .client import ApiClient, AsyncApiClient
from .errors import (
    ApiError,
    AuthenticationError,
    InvalidRequestError,
    PermissionDeniedError,
    RetriesExhaustedError,
)
from .ratelimit import RateLimiter
from .retry import RetryPolicy
from .stats import RequestStats

__all__ = [
    "ApiClient",
    "ApiError",
    "AsyncApiClient",
    "AuthenticationError",
    "BasicAuth",
    "BearerAuth",
    "InvalidRequestError",
    "OAuthClientCredentials",
    "PermissionDeniedError",
    "RateLimiter",
    "RequestStats",
    "RetriesExhaustedError",
    "RetryPolicy",
]
