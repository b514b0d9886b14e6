"""The QR code of the class's join link, made on the server (segno, pure Python): no image service,
so it works on a classroom network with no internet."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A black-on-white PNG of ``text`` as a QR code (error correction M: readable off a projector)."""
    if not text:
        raise ValueError("nothing to encode")
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=2, dark="#000000", light="#ffffff")
    return buffer.getvalue()
