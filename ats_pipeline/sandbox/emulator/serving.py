"""Serve an ASGI app with uvicorn on a loopback port, in a background thread or in the foreground."""

from __future__ import annotations

import threading
import time
from types import TracebackType

import uvicorn

LOOPBACK = "127.0.0.1"


class BackgroundServer:
    """A real HTTP server on loopback, running in a daemon thread of this process.

    ``port=0`` lets the OS pick a free port; read the chosen one from ``.port`` / ``.url`` after ``start()``.
    """

    def __init__(self, app: object, *, host: str = LOOPBACK, port: int = 0, log_level: str = "warning") -> None:
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level=log_level,
            access_log=False,
            lifespan="off",
            # Many concurrent keep-alive connections are normal for a client fanning out requests.
            backlog=2048,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> BackgroundServer:
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{self.host}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"server on {self.host}:{self.port} failed to start")
            if time.monotonic() > deadline:
                raise TimeoutError(f"server on {self.host}:{self.port} did not start within {timeout} s")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
