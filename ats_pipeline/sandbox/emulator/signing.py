"""HMAC signing for opaque tokens the emulators hand out (page cursors, signed URLs, access tokens).

The key is derived from the vendor and the emulator seed: fixed and non-secret (this is a sandbox), but enough to
make tampering detectable the way the real APIs do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

_MAC_BYTES = 16


class BadSignature(ValueError):
    """The token was not produced by this signer, was altered, or is not a token at all."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


class Signer:
    def __init__(self, *key_parts: object) -> None:
        self._key = hashlib.sha256(":".join(str(p) for p in key_parts).encode()).digest()

    def signature(self, message: str | bytes) -> str:
        raw = message.encode() if isinstance(message, str) else message
        return hmac.new(self._key, raw, hashlib.sha256).hexdigest()

    def verify(self, message: str | bytes, signature: str) -> bool:
        return hmac.compare_digest(self.signature(message), signature)

    def dumps(self, payload: dict[str, Any]) -> str:
        """One opaque base64url string (no dots, no padding): the JSON payload followed by a 16-byte MAC."""
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        return b64url_encode(body + self._mac(body))

    def loads(self, token: str) -> dict[str, Any]:
        try:
            raw = b64url_decode(token)
        except (ValueError, UnicodeError) as exc:
            raise BadSignature("not a token") from exc
        body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        if len(raw) <= _MAC_BYTES or not hmac.compare_digest(self._mac(body), mac):
            raise BadSignature("signature mismatch")
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise BadSignature("not a token") from exc
        if not isinstance(payload, dict):
            raise BadSignature("payload is not an object")
        return payload

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()[:_MAC_BYTES]
