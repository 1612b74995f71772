"""Discovers vendor packages under ``ats_pipeline.sources``.

Each vendor package exposes ``VENDOR: VendorSpec``. Adding an ATS means adding a package; nothing here changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

if TYPE_CHECKING:
    from dlt.sources import DltSource

    from ats_pipeline.config import ConnectionConfig
    from ats_pipeline.http import RequestStats
    from ats_pipeline.sources.slices import SliceBudget


@dataclass(frozen=True)
class SyncWindow:
    """Bounds for a backfill: re-extract records updated in [start, end) without moving stored cursors."""

    start: datetime | None = None
    end: datetime | None = None


@dataclass
class SourceSet:
    """What one connection loads: dlt sources keyed by the dataset each must land in, plus request stats."""

    sources: dict[str, DltSource]
    stats: RequestStats


class BuildSources(Protocol):
    def __call__(
        self,
        connection: ConnectionConfig,
        sandbox: dict[str, Any] | None,
        window: SyncWindow,
        *,
        for_definitions: bool = False,
        known_ids: Mapping[str, Mapping[str, set[Any]]] | None = None,
        slices: SliceBudget | None = None,
    ) -> SourceSet:
        """Build the connection's dlt sources. ``sandbox`` is the vendor's sandbox endpoint when the
        connection targets it. ``for_definitions``: only the resource layout is needed (asset definitions);
        read no secret and contact nothing. ``known_ids``: reconcile instead of sync — per dataset and table, the
        ids the warehouse holds; the sources then emit deletions for those the API no longer lists. ``slices``:
        how many records a list may yield in this run (``sources/slices.py``); a source that stops early marks
        itself unfinished there, and the caller runs it again."""


@dataclass(frozen=True)
class VendorSpec:
    name: str
    options_model: type[BaseModel]
    build_sources: BuildSources
    # Resource (= table) names in the main and the restricted dataset: Dagster assets, dbt sources, reconciliation
    # (of the tables keyed by ``id``).
    resources: Sequence[str]
    restricted_resources: Sequence[str] = ()
    # Nested tables dlt derives from a resource (``<resource>__<field>``) that the vendor's staging models read,
    # mapped to that resource: declared as dbt sources with the resource's Dagster asset key (lineage).
    child_tables: Mapping[str, str] = field(default_factory=dict)
    # Whether a connection with these options syncs the restricted (self-identification) resources, when an
    # option can turn them off (Lever's ``eeo_pii``); dei_coverage then reports "turned off", not zero answers.
    syncs_self_id: Callable[[Any], bool] | None = None


@cache
def vendors() -> dict[str, VendorSpec]:
    import ats_pipeline.sources as package

    found: dict[str, VendorSpec] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if not module.ispkg:
            continue
        spec = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "VENDOR", None)
        if isinstance(spec, VendorSpec):
            found[spec.name] = spec
    return found
