"""Greenhouse Harvest v3 emulator (see ``emulator.py``)."""

from ats_pipeline.sandbox.emulators.greenhouse.emulator import GreenhouseEmulator

EMULATOR = GreenhouseEmulator

__all__ = ["EMULATOR", "GreenhouseEmulator"]
