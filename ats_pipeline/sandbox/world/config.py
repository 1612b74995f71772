"""Settings of a generated world: scale, seed, clock and the planted adverse impact."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ats_pipeline.sandbox.world.schema import CANONICAL_STAGE_KINDS

GENDERS: tuple[str, ...] = ("female", "male", "non_binary")
RACES: tuple[str, ...] = (
    "american_indian_alaska_native",
    "asian",
    "black",
    "hispanic_latino",
    "native_hawaiian_pacific_islander",
    "white",
)


class AdverseImpact(BaseModel):
    """A bias planted at one stage kind: members of ``group`` pass it with ``ratio`` × everyone else's probability."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stage_kind: str = "screen"
    dimension: Literal["gender", "race"] = "gender"
    group: str = "female"
    ratio: float = Field(0.6, gt=0.0, le=1.5)

    @model_validator(mode="after")
    def _check(self) -> AdverseImpact:
        if self.stage_kind not in CANONICAL_STAGE_KINDS or self.stage_kind == "applied":
            raise ValueError(f"stage_kind must be one of {CANONICAL_STAGE_KINDS[1:]}, got {self.stage_kind!r}")
        values = GENDERS if self.dimension == "gender" else RACES
        if self.group not in values:
            raise ValueError(f"group for {self.dimension} must be one of {values}, got {self.group!r}")
        return self


class WorldConfig(BaseModel):
    """How to generate a world. Same config ⇒ identical tables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = 42
    applications: int = Field(2000, ge=1)
    history_days: int = Field(365, ge=1)
    now: datetime = datetime(2026, 11, 1)
    adverse_impact: AdverseImpact | None = AdverseImpact()

    @field_validator("now")
    @classmethod
    def _naive_utc_seconds(cls, value: datetime) -> datetime:
        # Every timestamp in the world is naive UTC in whole seconds; an aware clock would shift everything.
        if value.tzinfo is not None:
            raise ValueError("now must be a naive UTC datetime")
        return value.replace(microsecond=0)
