"""The label font: Noto Sans (SIL Open Font License, fonts/OFL.txt), vendored as TTF so that
PDF labels embed it and render Kazakh, Russian, French and English letters on any machine.
Its metrics also wrap the SVG labels' text, which names the same family."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "NotoSans", "NotoSans-Bold"
SVG_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif"


@cache
def register() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "NotoSans-Bold.ttf")))


def width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of the text at this size, in the size's unit."""
    register()
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
