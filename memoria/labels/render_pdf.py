"""A4 label pages as one PDF (reportlab): vector QR codes, Noto Sans embedded (subset)."""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from memoria.labels import fonts
from memoria.labels.layout import PAGE_H, PAGE_W, PlacedLabel
from memoria.labels.qr import dark_runs

MUTED, CUT = HexColor("#444444"), HexColor("#bbbbbb")


def _y(top_mm: float) -> float:
    """The layout measures from the top of the page, PDF from the bottom."""
    return (PAGE_H - top_mm) * mm


def _label(canvas: Canvas, label: PlacedLabel) -> None:
    canvas.setStrokeColor(CUT)
    canvas.setLineWidth(0.2 * mm)
    canvas.setDash(1 * mm, 1 * mm)
    canvas.rect(label.x * mm, _y(label.y + label.h), label.w * mm, label.h * mm, stroke=1, fill=0)
    canvas.setDash()

    qr = label.qr
    path = canvas.beginPath()
    for row, column, length in dark_runs(qr.modules):
        top = qr.y + row * qr.module
        path.rect((qr.x + column * qr.module) * mm, _y(top + qr.module), length * qr.module * mm, qr.module * mm)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)

    for line in label.lines:
        x = line.x * mm
        for run in line.runs:
            font = fonts.BOLD if run.bold else fonts.REGULAR
            canvas.setFont(font, line.size * mm)
            canvas.setFillColor(MUTED if run.muted else HexColor("#000000"))
            canvas.drawString(x, _y(line.y), run.text)
            x += fonts.width(run.text, line.size * mm, run.bold)


def render(pages: list[list[PlacedLabel]], title: str) -> bytes:
    fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_W * mm, PAGE_H * mm), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("memoria")
    for page in pages:
        for label in page:
            _label(canvas, label)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
