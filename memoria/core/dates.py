"""Partial and uncertain dates as EDTF strings with sortable bounds.

Historians write "1944", "summer 1944", "about 1920", "1941/1945". memoria
stores the EDTF text as written and derives the earliest and latest day it
can mean, so that records sort and filter by date without a fake full date.
"""

from __future__ import annotations

import datetime
import functools
import math
import re

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_LENGTH = 64


def _to_date(value) -> datetime.date | None:
    """edtf returns struct_time, or +/-inf for open ends."""
    if value is None or isinstance(value, float) and math.isinf(value):
        return None
    try:
        return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError, OverflowError):
        return None


#: A calendar year, month or day ("1944", "1944-08", "1944-08-19"): most dates in an archive.
_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _plain_date(text: str):
    """The Date edtf's parser makes of a plain calendar date, or None for anything else.

    edtf's pyparsing grammar takes 50–100 ms for any date, even "1944": every save of a person
    (two dates) or an event paid it again, on every check of an unchanged form. Only real calendar
    dates take this path; year 0000, seasons (1944-21), unspecified digits, qualifiers and
    intervals go through the grammar."""
    match = _PLAIN_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    from edtf.parser.parser_classes import Date

    return Date(year=year, month=month, day=day)


@functools.lru_cache(maxsize=4096)
def _parse_edtf(text: str):
    # edtf builds its pyparsing grammar on import: loaded with the first date read, not at start.
    from edtf import parse_edtf

    return parse_edtf(text)


def parse(text: str):
    """Parse an EDTF string; raise ValidationError saying why it is not one.

    The parsed value is shared between callers (plain dates are made directly, other texts parsed
    once per process): read it, never change it."""
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            gettext_lazy("A date has at most %(max)d characters."),
            code="edtf_too_long",
            params={"max": MAX_LENGTH},
        )
    plain = _plain_date(text)
    if plain is not None:
        return plain
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        return _parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            gettext_lazy(
                "“%(value)s” is not a valid EDTF date. Write e.g. 1944, 1944-08, "
                "1944-08-19, 1944? (uncertain), 1944~ (approximate) or 1941/1945 (range)."
            ),
            code="invalid_edtf",
            params={"value": text},
        ) from exc


def validate_edtf(text: str) -> None:
    if text and text.strip():
        parsed = parse(text)
        lower, upper = bounds(text, parsed)
        if lower and upper and lower > upper:
            raise ValidationError(
                gettext_lazy("“%(value)s” ends before it starts."),
                code="edtf_reversed",
                params={"value": text},
            )


def bounds(text: str, parsed=None) -> tuple[datetime.date | None, datetime.date | None]:
    """Earliest and latest day an EDTF string can mean (None for empty or open ends)."""
    if not text or not text.strip():
        return None, None
    parsed = parsed or parse(text)
    try:
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
    except (AttributeError, ValueError, TypeError, OverflowError):
        return None, None
    return _to_date(lower), _to_date(upper)


@functools.lru_cache(maxsize=65536)
def _cached_bounds(text: str) -> tuple[datetime.date | None, datetime.date | None]:
    return bounds(text)


def set_bounds(obj) -> None:
    """Set the sortable `*_lower`/`*_upper` dates of each EDTF field the model lists in EDTF_BOUNDS.

    The one place bounds are derived from the text, for a single save
    (core.models.DatedMixin.save) and for a bulk write (the import) alike, so they
    can never disagree with it. Cached: an import repeats the same years on
    thousands of rows. Invalid text raises ValidationError, as `bounds` does.
    """
    for field, (lower_name, upper_name) in getattr(obj, "EDTF_BOUNDS", {}).items():
        lower, upper = _cached_bounds(getattr(obj, field) or "")
        setattr(obj, lower_name, lower)
        setattr(obj, upper_name, upper)


def _format_single(text: str) -> str:
    qualifier = ""
    while text and text[-1] in "?~%":
        qualifier = text[-1] + qualifier
        text = text[:-1]
    parts = text.split("-")
    try:
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            value = date_format(datetime.date(*map(int, parts)), "DATE_FORMAT")
        elif len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[1]) <= 12:
            value = date_format(datetime.date(int(parts[0]), int(parts[1]), 1), "YEAR_MONTH_FORMAT")
        else:
            value = text
    except ValueError:
        value = text
    if get_language() == "kk":  # Kazakh writes month names in lower case: "1 ақпан 2025 ж."
        value = value.lower()
    if "%" in qualifier or ("?" in qualifier and "~" in qualifier):
        return _("about %(date)s (uncertain)") % {"date": value}
    if "~" in qualifier:
        return _("about %(date)s") % {"date": value}
    if "?" in qualifier:
        return _("%(date)s (uncertain)") % {"date": value}
    return value


def humanize(text: str) -> str:
    """A readable form of an EDTF date in the active language."""
    text = (text or "").strip()
    if not text:
        return ""
    if "/" in text:
        start, _sep, end = text.partition("/")
        start = _format_single(start) if start not in ("", "..") else "…"
        end = _format_single(end) if end not in ("", "..") else "…"
        return f"{start} – {end}"
    return _format_single(text)
