"""Vendor emulators, one module or package per vendor, each exposing ``EMULATOR`` (see ``emulator/registry.py``)."""
