"""QR codes as vector shapes: one rectangle per horizontal run of dark modules."""

from __future__ import annotations

import segno


def matrix(payload: str) -> list[list[bool]]:
    """The QR symbol's modules (True = dark), without the quiet zone.

    Error correction level M at least (segno raises it when the data leaves room):
    labels get scratched and dusty in a hall.
    """
    code = segno.make_qr(payload, error="m", boost_error=True)
    return [[bool(cell) for cell in row] for row in code.matrix]


def dark_runs(modules: list[list[bool]]):
    """(row, start column, length) of every run of dark modules."""
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield y, start, x - start
            else:
                x += 1
