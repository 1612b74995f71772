"""Lever Data API v1 emulator (see ``emulator.py``)."""

from ats_pipeline.sandbox.emulators.lever.emulator import LeverEmulator

EMULATOR = LeverEmulator

__all__ = ["EMULATOR", "LeverEmulator"]
