"""Workable SPI v3 emulator (see ``emulator.py``)."""

from ats_pipeline.sandbox.emulators.workable.emulator import WorkableEmulator

EMULATOR = WorkableEmulator

__all__ = ["EMULATOR", "WorkableEmulator"]
