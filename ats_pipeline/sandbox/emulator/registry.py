"""Find the vendor emulators: every module (or package) in ``ats_pipeline.sandbox.emulators`` exposing
``EMULATOR = <Emulator subclass>``. Adding a vendor means adding one module there and touching nothing else."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ats_pipeline.sandbox.emulator.base import Emulator


@cache
def _discover() -> tuple[tuple[str, type[Emulator]], ...]:
    import ats_pipeline.sandbox.emulators as package

    found: dict[str, type[Emulator]] = {}
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        cls = getattr(importlib.import_module(info.name), "EMULATOR", None)
        if cls is None:
            continue
        if not (isinstance(cls, type) and issubclass(cls, Emulator)):
            raise TypeError(f"{info.name}.EMULATOR is not an Emulator subclass")
        if cls.vendor in found:
            raise ValueError(f"two emulators for vendor {cls.vendor!r}: {found[cls.vendor]} and {cls}")
        found[cls.vendor] = cls
    return tuple(sorted(found.items()))


def emulator_classes() -> dict[str, type[Emulator]]:
    """Vendor name -> emulator class, sorted by vendor."""
    return dict(_discover())


def emulator_class(vendor: str) -> type[Emulator]:
    classes = emulator_classes()
    if vendor not in classes:
        raise KeyError(f"no sandbox emulator for vendor {vendor!r}; known: {', '.join(classes) or 'none'}")
    return classes[vendor]
