"""Ashby Public API emulator (see ``emulator.py``)."""

from ats_pipeline.sandbox.emulators.ashby.emulator import AshbyEmulator

EMULATOR = AshbyEmulator

__all__ = ["EMULATOR", "AshbyEmulator"]
