"""Build a printable label sheet file: SVG (one A4 page; a ZIP of pages when there are more)
or PDF (all pages in one file)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.text import slugify

from memoria.labels import render_pdf, render_svg
from memoria.labels.layout import GRIDS, pages
from memoria.labels.sheet import SheetContent

SVG, PDF = "svg", "pdf"


@dataclass(frozen=True)
class SheetFile:
    filename: str
    content_type: str
    content: bytes
    label_count: int


def _stem(sections) -> str:
    names = "-".join(slugify(s.slug) for s in sections)[:60].strip("-")
    return f"qr-labels-{names or 'sections'}"


def build_sheet_file(content: SheetContent, sections, fmt: str, per_page: int, title: str) -> SheetFile:
    """The file for the labels (the caller has checked there is at least one)."""
    placed = pages(content.labels, GRIDS[per_page])
    stem, count = _stem(sections), len(content.labels)
    if fmt == PDF:
        return SheetFile(f"{stem}.pdf", "application/pdf", render_pdf.render(placed, title), count)
    if len(placed) == 1:
        return SheetFile(f"{stem}.svg", "image/svg+xml",
                         render_svg.render_page(placed[0], title), count)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, page in enumerate(placed, start=1):
            archive.writestr(f"{stem}-page-{number:02d}.svg",
                             render_svg.render_page(page, f"{title} ({number}/{len(placed)})"))
    return SheetFile(f"{stem}.zip", "application/zip", buffer.getvalue(), count)
