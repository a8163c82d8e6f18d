"""A4 label pages as SVG: vector QR codes (one path per code), real text in Noto Sans."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from memoria.labels import fonts
from memoria.labels.layout import PAGE_H, PAGE_W, PlacedLabel, PlacedQR, TextLine
from memoria.labels.qr import dark_runs

INK, MUTED, CUT = "#000", "#444", "#bbb"


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _qr(qr: PlacedQR) -> str:
    # Module coordinates, scaled once: the path stays exact whatever the module size.
    d = "".join(f"M{x} {y}h{n}v1h-{n}z" for y, x, n in dark_runs(qr.modules))
    return (
        f'<path class="qr" data-payload={quoteattr(qr.payload)} fill="{INK}" shape-rendering="crispEdges" '
        f'transform="translate({_num(qr.x)} {_num(qr.y)}) scale({_num(qr.module)})" d="{d}"/>'
    )


def _text(line: TextLine) -> str:
    spans = []
    for run in line.runs:
        attrs = f' xml:lang="{run.lang}"' if run.lang else ""
        if run.bold:
            attrs += ' font-weight="700"'
        if run.muted:
            attrs += f' fill="{MUTED}"'
        spans.append(f"<tspan{attrs}>{escape(run.text)}</tspan>")
    return f'<text x="{_num(line.x)}" y="{_num(line.y)}" font-size="{_num(line.size)}" xml:space="preserve">{"".join(spans)}</text>'


def _label(label: PlacedLabel) -> str:
    return (
        f'<g class="label" data-inventory-number={quoteattr(label.inventory_number)}>'
        f'<rect x="{_num(label.x)}" y="{_num(label.y)}" width="{_num(label.w)}" height="{_num(label.h)}" '
        f'fill="#fff" stroke="{CUT}" stroke-width="0.2" stroke-dasharray="1 1"/>'
        + _qr(label.qr) + "".join(_text(line) for line in label.lines) + "</g>"
    )


def render_page(labels: list[PlacedLabel], title: str) -> bytes:
    body = "".join(_label(label) for label in labels)
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(PAGE_W)}mm" height="{_num(PAGE_H)}mm" '
        f'viewBox="0 0 {_num(PAGE_W)} {_num(PAGE_H)}" font-family="{fonts.SVG_FAMILY}" fill="{INK}">'
        f"<title>{escape(title)}</title>{body}</svg>\n"
    )
    return svg.encode("utf-8")
