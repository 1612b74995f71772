"""Small real servers for the HTTP-layer tests: Starlette apps served by uvicorn on loopback, plus a raw TCP
server that resets connections. Server-side rate limiters follow the sandbox emulator's semantics (fixed window
opening at the first request, reset headers as whole epoch seconds rounded up; token bucket)."""

from __future__ import annotations

import base64
import math
import secrets
import socket
import struct
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class FixedWindow:
    """At most ``limit`` requests per window; the window opens at the first request after the previous one ended."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.start: float | None = None
        self.count = 0
        self.lock = threading.Lock()

    def check(self) -> tuple[bool, dict[str, str]]:
        with self.lock:
            now = time.time()
            if self.start is None or now >= self.start + self.window:
                self.start, self.count = now, 0
            reset = self.start + self.window
            headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Reset": str(math.ceil(reset))}
            if self.count >= self.limit:
                return False, {**headers, "X-RateLimit-Remaining": "0", "Retry-After": str(math.ceil(reset - now))}
            self.count += 1
            return True, {**headers, "X-RateLimit-Remaining": str(self.limit - self.count)}


class TokenBucket:
    """Capacity ``capacity``, refilled at ``rate`` tokens per second; starts full."""

    def __init__(self, capacity: int, rate: float) -> None:
        self.capacity, self.rate = capacity, rate
        self.tokens, self.updated = float(capacity), time.time()
        self.lock = threading.Lock()

    def check(self) -> tuple[bool, dict[str, str]]:
        with self.lock:
            now = time.time()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            allowed = self.tokens >= 1.0
            if allowed:
                self.tokens -= 1.0
            full = now + (self.capacity - self.tokens) / self.rate
            headers = {
                "X-RateLimit-Limit": str(self.capacity),
                "X-RateLimit-Remaining": str(int(self.tokens)),
                "X-RateLimit-Reset": str(math.ceil(full)),
            }
            if not allowed:
                headers["Retry-After"] = str(max(1, math.ceil((1.0 - self.tokens) / self.rate)))
            return allowed, headers


def rate_limited_app(limiter: FixedWindow | TokenBucket, hits: Counter, served: list[float] | None = None) -> Starlette:
    """``/items`` behind ``limiter``; counts 200s and 429s in ``hits`` and records when each 200 arrived."""

    async def endpoint(request: Request) -> Response:
        allowed, headers = limiter.check()
        hits["429" if not allowed else "200"] += 1
        if allowed and served is not None:
            served.append(time.monotonic())
        if not allowed:
            return JSONResponse({"message": "Rate limit exceeded"}, status_code=429, headers=headers)
        return JSONResponse({"ok": True}, headers=headers)

    return Starlette(routes=[Route("/items", endpoint)])


class OAuthServer:
    """A client-credentials token endpoint (Greenhouse v3 style: ``expires_at``) and one protected API route."""

    def __init__(self, client_id: str, client_secret: str, *, lifetime: float = 3600.0) -> None:
        self.client_id, self.client_secret, self.lifetime = client_id, client_secret, lifetime
        self.tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self.hits: Counter = Counter()
        self.forms: list[dict[str, str]] = []
        self.reject_all = False  # API answers 401 to every token
        self.app = Starlette(
            routes=[Route("/token", self.token, methods=["POST"]), Route("/v3/candidates", self.candidates)]
        )

    async def token(self, request: Request) -> Response:
        self.hits["token"] += 1
        header = request.headers.get("authorization", "")
        # Parsed by hand: starlette's form parser needs python-multipart, which the project does not depend on.
        form = dict(parse_qsl((await request.body()).decode()))
        self.forms.append(form)
        expected = "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if header != expected or form.get("grant_type") != "client_credentials":
            # Echo what we got, like a careless server would: the client must redact it.
            seen = base64.b64decode(header.removeprefix("Basic ") or b"").decode(errors="replace")
            return JSONResponse({"error": "invalid_client", "seen": seen, "header": header}, status_code=401)
        token = secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + timedelta(seconds=self.lifetime)
        self.tokens[token] = expires.timestamp()
        return JSONResponse(
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.") + f"{expires.microsecond // 1000:03d}Z",
            }
        )

    async def candidates(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        expiry = self.tokens.get(token)
        if self.reject_all or expiry is None or time.time() >= expiry:
            self.hits["api_401"] += 1
            return JSONResponse({"message": f"Invalid token {token}"}, status_code=401)
        self.hits["api_200"] += 1
        return JSONResponse([{"id": 1}])


class ResettingServer:
    """Raw HTTP/1.1 on loopback: the first ``resets`` connections read the request and are then reset (RST);
    later ones get a small 200 response."""

    def __init__(self, resets: int) -> None:
        self.resets = resets
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)  # so the accept loop notices ``stopped`` promptly
        self.stopped = False
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> ResettingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped = True
        self.thread.join(2)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                self.connections += 1
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if self.connections <= self.resets:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    continue  # closing with linger 0 sends RST
                body = b'{"ok": true}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )


def free_port_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
