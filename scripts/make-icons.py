#!/usr/bin/env python3
"""Draws the app icon (two arrows between two boxes on DHIS2 blue) as 48 and 128 px PNGs.

Run once when the design changes; the PNGs are committed. Uses only the standard library.
"""
import math
import struct
import sys
import zlib
from pathlib import Path


def png(path: Path, size: int, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x / size, y / size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


BLUE = (44, 102, 147, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def pixel(u, v):
    # Rounded square background.
    r = 0.18
    cx = min(max(u, r), 1 - r)
    cy = min(max(v, r), 1 - r)
    if math.hypot(u - cx, v - cy) > r:
        return CLEAR
    # Two bar charts (source, destination) and an arrow between them.
    for left in (0.14, 0.62):
        for i, height in enumerate((0.22, 0.36, 0.28)):
            x0 = left + i * 0.085
            if x0 <= u <= x0 + 0.06 and 0.74 - height <= v <= 0.74:
                return WHITE
    if 0.40 <= u <= 0.56 and abs(v - 0.5) <= 0.035:
        return WHITE
    if 0.52 <= u <= 0.60 and abs(v - 0.5) <= (0.60 - u) * 1.2:
        return WHITE
    return BLUE


out = Path(sys.argv[1] if len(sys.argv) > 1 else "public/icons")
out.mkdir(parents=True, exist_ok=True)
for size in (16, 48, 128):
    png(out / f"icon-{size}.png", size, pixel)
