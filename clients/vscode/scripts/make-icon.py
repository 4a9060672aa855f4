"""Draw media/icon.png (128x128): a rounded navy tile with a glowing ring (the "aura") around a
path that bends into a golden arrow. Pure standard library (zlib + struct), 4x supersampled."""

import math
import struct
import sys
import zlib

SIZE, SS = 128, 4
N = SIZE * SS


def inside_rounded(x: float, y: float, r: float) -> bool:
    cx = min(max(x, r), N - r)
    cy = min(max(y, r), N - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def pixel(x: float, y: float):
    if not inside_rounded(x, y, 26 * SS):
        return (0, 0, 0, 0)
    v = y / N
    bg = (int(24 + 20 * v), int(34 + 26 * v), int(68 + 40 * v))
    cx, cy = N / 2, N / 2
    d = math.hypot(x - cx, y - cy)
    ring_r, ring_w = 40 * SS, 7 * SS
    glow = max(0.0, 1 - abs(d - ring_r) / (ring_w * 2.2))
    halo = (110, 200, 255)
    col = [bg[i] + (halo[i] - bg[i]) * glow * 0.5 for i in range(3)]
    if abs(d - ring_r) <= ring_w / 2:
        col = [120, 205, 255]
    # the golden path: up from bottom-left, then an arrow to the upper right
    pts = [(40, 92), (58, 70), (72, 78), (92, 44)]
    pts = [(a * SS, b * SS) for a, b in pts]
    w = 6.5 * SS
    dist = min(seg_dist(x, y, *pts[i], *pts[i + 1]) for i in range(len(pts) - 1))
    head = [(92 * SS, 36 * SS), (99 * SS, 56 * SS), (78 * SS, 47 * SS)]

    def tri(px, py, a, b, c):
        def s(p1, p2, p3):
            return (p1[0] - p3[0]) * (p2[1] - p3[1]) - (p2[0] - p3[0]) * (p1[1] - p3[1])

        d1, d2, d3 = s((px, py), a, b), s((px, py), b, c), s((px, py), c, a)
        return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))

    if dist <= w / 2 or tri(x, y, *head):
        col = [255, 196, 61]
    return (int(col[0]), int(col[1]), int(col[2]), 255)


rows = []
for py in range(SIZE):
    row = bytearray([0])
    for px in range(SIZE):
        acc = [0, 0, 0, 0]
        for sy in range(SS):
            for sx in range(SS):
                r, g, b, a = pixel(px * SS + sx + 0.5, py * SS + sy + 0.5)
                acc[0] += r * a
                acc[1] += g * a
                acc[2] += b * a
                acc[3] += a
        a = acc[3]
        row += bytes(
            [
                acc[0] // a if a else 0,
                acc[1] // a if a else 0,
                acc[2] // a if a else 0,
                a // (SS * SS),
            ]
        )
    rows.append(bytes(row))


def chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
with open(sys.argv[1] if len(sys.argv) > 1 else "media/icon.png", "wb") as out:
    out.write(png)
