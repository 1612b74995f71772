"""Signed, expiring attachment URLs and the small files behind them.

Greenhouse hands out time-limited links (seven days) to the stored file; the emulator signs
``/attachments/<id>/download?expires=<epoch>&signature=<hmac>`` itself and answers like the storage service would:
403 with an S3-style XML error when the link expired or was tampered with, 404 when the attachment is gone.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ats_pipeline.sandbox.emulator.signing import Signer

SEVEN_DAYS = 7 * 24 * 3600.0


def _message(ident: int, expires: int | str) -> str:
    return f"attachment:{ident}:{expires}"


def signed_url(signer: Signer, origin: str, ident: int, expires: int) -> str:
    signature = signer.signature(_message(ident, expires))
    return f"{origin}/attachments/{ident}/download?expires={expires}&signature={signature}"


def _s3_error(status: int, code: str, message: str) -> Response:
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return Response(body, status_code=status, media_type="application/xml")


def download(request: Request, signer: Signer, cur: Any) -> Response:
    ident = request.path_params["attachment_id"]
    expires, signature = request.query_params.get("expires", ""), request.query_params.get("signature", "")
    if not expires.isdigit() or not signature or not signer.verify(_message(ident, expires), signature):
        return _s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match.")
    if int(expires) < time.time():
        return _s3_error(403, "AccessDenied", "Request has expired")
    cur.execute("select filename, type from attachments where id = ? and deleted_at is null", [ident])
    row = cur.fetchone()
    if row is None:
        return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    filename, kind = row
    body, media_type = file_body(ident, filename, kind)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def file_body(ident: int, filename: str, kind: str) -> tuple[bytes, str]:
    text = f"Sandbox {kind.replace('_', ' ')} #{ident}: {filename}"
    if filename.lower().endswith(".pdf"):
        return _pdf(text), "application/pdf"
    return (text + "\n").encode(), "text/plain; charset=utf-8"


def _pdf(text: str) -> bytes:
    """A minimal, valid one-page PDF showing ``text``."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
