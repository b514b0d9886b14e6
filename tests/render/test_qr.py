"""The class's QR code is a real PNG of a real QR code, made without any network."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from attnviz.render.qr import qr_png


def test_the_png_holds_the_qr_code_of_the_link():
    link = "http://192.168.1.5:8501/?clase=K7QF"
    image = Image.open(io.BytesIO(qr_png(link, scale=4))).convert("L")
    modules = segno.make(link, error="m", micro=False).matrix
    size = len(modules)
    assert image.size == ((size + 4) * 4, (size + 4) * 4)  # a 2-module quiet border
    # every module's pixel is dark exactly where the QR code has a dark module
    for row in range(size):
        for column in range(size):
            pixel = image.getpixel(((column + 2) * 4 + 1, (row + 2) * 4 + 1))
            assert (pixel < 128) == bool(modules[row][column])


def test_another_link_is_another_picture_and_nothing_is_refused():
    assert qr_png("http://a/?clase=AAAA") != qr_png("http://a/?clase=CCCC")
    with pytest.raises(ValueError):
        qr_png("")
