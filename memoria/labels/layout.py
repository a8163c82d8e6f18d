"""Where everything sits on an A4 label sheet, in millimetres, shared by the SVG and PDF
renderers (so both print the same sheet)."""

from __future__ import annotations

from dataclasses import dataclass, field

from memoria.labels import fonts
from memoria.labels.qr import matrix
from memoria.labels.sheet import Label

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN, GUTTER, PADDING = 10.0, 4.0, 4.0
MIN_FONT = 2.2  # mm, about 6 pt: the smallest size still readable on a stand
ELLIPSIS = "…"


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: int
    font: float  # title font size, mm

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def label_w(self) -> float:
        return (PAGE_W - 2 * MARGIN - (self.columns - 1) * GUTTER) / self.columns

    @property
    def label_h(self) -> float:
        return (PAGE_H - 2 * MARGIN - (self.rows - 1) * GUTTER) / self.rows


GRIDS = {4: Grid(1, 4, 4.6), 8: Grid(2, 4, 3.4), 12: Grid(2, 6, 2.9)}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    lang: str = ""
    muted: bool = False


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float  # baseline
    size: float
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class PlacedQR:
    x: float
    y: float
    module: float  # side of one module, mm
    modules: list[list[bool]]
    payload: str


@dataclass
class PlacedLabel:
    x: float
    y: float
    w: float
    h: float
    inventory_number: str
    url: str
    qr: PlacedQR
    lines: list[TextLine] = field(default_factory=list)


def _wrap(text: str, size: float, first_width: float, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap by the font's real advance widths; the last line ends in "…" when
    the text does not fit; words longer than a line are cut."""
    lines, current = [], ""
    limit = first_width
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fonts.width(candidate, size) <= limit:
            current = candidate
            continue
        if current or (not lines and fonts.width(word, size) <= width):
            # A word that does not fit after the language code starts the next line whole.
            lines.append(current)
            limit = width
        current = word
        while fonts.width(current, size) > limit:
            cut = len(current) - 1
            while cut > 1 and fonts.width(current[:cut], size) > limit:
                cut -= 1
            lines.append(current[:cut])
            limit = width
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and fonts.width(last + ELLIPSIS, size) > (width if max_lines > 1 else first_width):
            last = last[:-1]
        kept[-1] = last.rstrip() + ELLIPSIS
        return kept
    return lines


def _title_lines(label: Label, x: float, top: float, width: float, size: float,
                 budget: int) -> tuple[list[TextLine], float]:
    """The titles, one block per chosen language, each starting with the language code."""
    lines, y = [], top
    per_language = max(1, budget // max(1, len(label.titles)))
    leading = size * 1.3
    for title in label.titles:
        code = title.lang.upper() + " "
        prefix = [Run(code, bold=True, lang=title.lang)]
        if title.note:
            prefix.append(Run(f"({title.note}) ", lang=title.lang, muted=True))
        prefix_w = sum(fonts.width(r.text, size, r.bold) for r in prefix)
        text = title.text or "—"
        wrapped = _wrap(text, size, max(width - prefix_w, size), width, per_language)
        for n, part in enumerate(wrapped):
            y += leading
            text_run = (Run(part, lang=title.text_lang),) if part else ()
            runs = (*prefix, *text_run) if n == 0 else text_run
            lines.append(TextLine(x, y, size, runs))
        y += size * 0.35
    return lines, y


def place_label(label: Label, grid: Grid, x: float, y: float) -> PlacedLabel:
    w, h = grid.label_w, grid.label_h
    modules = matrix(label.url)
    qr_side = min(h - 2 * PADDING, w * 0.42)
    qr = PlacedQR(x + PADDING, y + (h - qr_side) / 2, qr_side / len(modules), modules, label.url)
    text_x = x + PADDING + qr_side + PADDING
    text_w = x + w - PADDING - text_x
    placed = PlacedLabel(x, y, w, h, label.inventory_number, label.url, qr)
    size = grid.font
    while True:
        footer = size * 1.25 * 1.4 + size * 0.8 * 1.4
        gaps = len(label.titles) * size * 0.35
        budget = int((h - 2 * PADDING - footer - gaps) // (size * 1.3))
        if budget >= len(label.titles) or size <= MIN_FONT:
            break
        size = max(MIN_FONT, size * 0.9)
    lines, _bottom = _title_lines(label, text_x, y + PADDING, text_w, size, max(budget, 1))
    inventory_size = max(1.8, min(size * 1.25, text_w / max(fonts.width(label.inventory_number, 1.0, True), 0.1)))
    url_text = label.url.split("://", 1)[-1]
    # The address is for typing by hand when a phone cannot scan: shrink it rather than cut it.
    url_size = max(1.5, min(size * 0.8, text_w / max(fonts.width(url_text, 1.0), 0.1)))
    lines.append(TextLine(text_x, y + h - PADDING - url_size * 1.4, inventory_size,
                          (Run(label.inventory_number, bold=True),)))
    url_lines = _wrap(url_text, url_size, text_w, text_w, 1)
    lines.append(TextLine(text_x, y + h - PADDING, url_size, (Run(url_lines[0], muted=True),)))
    placed.lines = lines
    return placed


def pages(labels: list[Label], grid: Grid) -> list[list[PlacedLabel]]:
    """Labels placed row by row, grid.per_page to an A4 page."""
    result = []
    for start in range(0, len(labels), grid.per_page):
        page = []
        for n, label in enumerate(labels[start:start + grid.per_page]):
            row, column = divmod(n, grid.columns)
            x = MARGIN + column * (grid.label_w + GUTTER)
            y = MARGIN + row * (grid.label_h + GUTTER)
            page.append(place_label(label, grid, x, y))
        result.append(page)
    return result
