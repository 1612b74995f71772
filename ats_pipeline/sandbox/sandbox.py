"""Run the vendor emulators over one world, each on its own loopback port."""

from __future__ import annotations

import signal
import threading
import time
from types import TracebackType
from typing import Any

from ats_pipeline.sandbox.emulator.base import Emulator, WorldLike
from ats_pipeline.sandbox.emulator.registry import emulator_class, emulator_classes
from ats_pipeline.sandbox.emulator.serving import LOOPBACK, BackgroundServer
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Sandbox:
    """``with Sandbox(world) as sb: sb.endpoints()["greenhouse"]["base_url"]``.

    ``vendors=None`` serves every registered emulator; ``settings`` overrides per vendor; ``ports`` pins ports
    (default 0: the OS picks a free one).
    """

    def __init__(
        self,
        world: WorldLike,
        vendors: list[str] | None = None,
        settings: dict[str, EmulatorSettings] | None = None,
        *,
        host: str = LOOPBACK,
        ports: dict[str, int] | None = None,
    ) -> None:
        registered = emulator_classes()
        names = list(registered) if vendors is None else list(dict.fromkeys(vendors))
        settings = settings or {}
        unknown = set(settings) - set(registered)
        if unknown:
            raise KeyError(f"settings given for unknown vendors: {sorted(unknown)}; known: {', '.join(registered)}")
        self.world = world
        self.host = host
        self.ports = dict(ports or {})
        self.emulators: dict[str, Emulator] = {name: emulator_class(name)(world, settings.get(name)) for name in names}
        self._servers: dict[str, BackgroundServer] = {}

    @property
    def started(self) -> bool:
        return bool(self._servers)

    def start(self) -> Sandbox:
        if self._servers:
            return self
        try:
            for name, emulator in self.emulators.items():
                server = BackgroundServer(emulator.app(), host=self.host, port=self.ports.get(name, 0))
                self._servers[name] = server.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.stop()

    def url(self, vendor: str) -> str:
        """Origin of a vendor's server, e.g. ``http://127.0.0.1:41234``."""
        if vendor not in self._servers:
            raise RuntimeError(f"sandbox not started (or {vendor!r} not served)")
        return self._servers[vendor].url

    def endpoints(self) -> dict[str, dict[str, Any]]:
        """Per vendor: ``base_url`` plus the emulator's credentials, with path-valued ``*_url`` keys made absolute."""
        out: dict[str, dict[str, Any]] = {}
        for name, emulator in self.emulators.items():
            origin = self.url(name)
            entry: dict[str, Any] = {"base_url": origin + emulator.base_path}
            for key, value in emulator.credentials().items():
                entry[key] = origin + value if key.endswith("_url") and value.startswith("/") else value
            out[name] = entry
        return out

    def serve_forever(self) -> None:
        """Block until Ctrl-C or SIGTERM, then stop cleanly."""
        self.start()
        previous = None
        if threading.current_thread() is threading.main_thread():
            # `kill`/docker stop send SIGTERM: treat it like Ctrl-C so the servers shut down instead of dying.
            previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            while self._servers:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            self.stop()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
