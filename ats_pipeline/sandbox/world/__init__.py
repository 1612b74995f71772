"""A vendor-neutral, deterministic hiring world in DuckDB that the ATS emulators render.

``World.generate(WorldConfig(...))`` builds it, ``world.advance(days)`` moves its clock, ``world.ground_truth()``
gives the numbers the warehouse must reproduce. Table contract: ``schema.py``.
"""

from ats_pipeline.sandbox.world.config import AdverseImpact, WorldConfig
from ats_pipeline.sandbox.world.ground_truth import GroundTruth
from ats_pipeline.sandbox.world.world import World

__all__ = ["AdverseImpact", "GroundTruth", "World", "WorldConfig"]
