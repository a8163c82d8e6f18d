"""One cell at a time: text → a value for the model, or a reason it cannot be one."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from memoria.core import dates
from memoria.imports import date_hints
from memoria.imports import schema as s
from memoria.names.normalize import detect_script

# Cells a spreadsheet program would run as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
TRUE = {"yes", "y", "true", "1", "x", "да", "иә", "oui", "ja", "published"}
FALSE = {"no", "n", "false", "0", "нет", "жоқ", "non", "nein", ""}


class CellError(ValueError):
    """The reason a cell cannot be imported (the message is shown to the user)."""


def unneutralise(text: str) -> str:
    """'=… written by our export (or typed in Excel as text) → =…"""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def looks_like_formula(raw: str) -> bool:
    return bool(raw) and (raw[0] in "\t\r" or raw.lstrip()[:1] in ("=", "+", "-", "@"))


@functools.lru_cache(maxsize=65536)
def edtf(text: str) -> str:
    """The text if it is a valid EDTF date (its bounds are core.dates.set_bounds'); cached:
    the same years recur on thousands of rows."""
    try:
        dates.validate_edtf(text)
    except ValidationError as exc:
        reason = " ".join(str(m) for m in exc.messages)
        suggestion = date_hints.suggest(text)
        if suggestion:      # suggested, never converted: the curator decides what the source says
            reason += " " + _("Did you mean %(date)s?") % {"date": suggestion}
        raise CellError(reason) from exc
    return text


def decimal(text: str, limits) -> Decimal:
    candidate = text.replace(" ", "")
    if "," in candidate and "." not in candidate:
        candidate = candidate.replace(",", ".")   # "45,5" from a European spreadsheet
    try:
        value = Decimal(candidate)
    except InvalidOperation as exc:
        raise CellError(f"“{text}” is not a number (write e.g. 45.5 or -12.25).") from exc
    if not value.is_finite():
        raise CellError(f"“{text}” is not a number.")
    low, high = limits
    if not low <= value <= high:
        raise CellError(f"{text} is out of range: it must lie between {low} and {high}.")
    return value.quantize(Decimal("0.000001"))


def choice(text: str, choices, words=()) -> str:
    """A choice's code, or a word in kk, ru, en or fr for it (the column's `words`)."""
    value = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if value in choices:
        return value
    spelled = dict(words).get(" ".join(text.strip().lower().replace("-", " ").split()))
    if spelled:
        return spelled
    short = [w for w, _c in words if len(w) <= 3 and w.isalpha()]
    also = f" (or a word for one in kk, ru, en or fr, e.g. {', '.join(short)})" if short else ""
    raise CellError(f"“{text}” is not one of: {', '.join(choices)}{also}.")


def boolean(text: str, nullable: bool):
    value = text.strip().lower()
    if nullable and value in ("", "unknown", "?"):
        return None
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(f"“{text}” is not yes or no.")


def language(text: str) -> str:
    value = text.strip()
    if value and (len(value) > 16 or not LANG_RE.match(value)):
        raise CellError(f"“{text}” is not a language code (write e.g. kk, ru, en, fr, de).")
    return value


_url = URLValidator()


def url(text: str) -> str:
    if text:
        try:
            _url(text)
        except ValidationError as exc:
            raise CellError(f"“{text}” is not a web address (http:// or https://).") from exc
    return text


def split_escaped(text: str, separator: str) -> list[str]:
    """Split on `separator` except where a backslash escapes it (\\; \\| \\\\)."""
    parts, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


VARIANT_KINDS = tuple(value for value, _label in s.m.NameVariant.Kind.choices)


def script_of(text: str) -> str:
    found = detect_script(text)
    return found if found in ("Cyrl", "Latn") else ("Zyyy" if found in ("mixed", "other") else "")


def variants(text: str) -> list[tuple[str, str, str]]:
    """'Text|lang|kind; Text2|lang' → [(text, language, kind)], each checked."""
    out = []
    for item in split_escaped(text, ";"):
        if not item.strip():
            continue
        fields = [f.strip() for f in split_escaped(item, "|")]
        if len(fields) > 3:
            raise CellError(f"“{item.strip()}” has more than text|language|kind.")
        spelling = fields[0]
        if not "".join(ch for ch in spelling if ch.isprintable() and not ch.isspace()):
            raise CellError(f"“{item.strip()}” has no spelling before the first |.")
        if len(spelling) > 300:
            raise CellError(f"a spelling has at most 300 characters: “{spelling[:40]}…”.")
        lang = language(fields[1]) if len(fields) > 1 else ""
        kind = fields[2].lower() if len(fields) > 2 and fields[2] else s.m.NameVariant.Kind.ARCHIVE
        if kind not in VARIANT_KINDS:
            raise CellError(f"“{fields[2]}” is not a kind of spelling: {', '.join(VARIANT_KINDS)}.")
        out.append((spelling, lang, kind))
    return out


def format_variants(rows) -> str:
    return "; ".join("|".join([escape(text), lang, kind]) for text, lang, kind in rows)


def parse(column: s.Column, raw: str):
    """The value of one cell for its column; raises CellError."""
    text = unneutralise(raw.strip())
    if column.required and not text:
        raise CellError("this column must not be empty.")
    kind = column.type
    if kind == s.TEXT:
        if column.max_length and len(text) > column.max_length:
            raise CellError(f"at most {column.max_length} characters (this cell has {len(text)}).")
        return text
    if kind == s.EDTF:
        return edtf(text) if text else ""
    if kind == s.DECIMAL:
        return decimal(text, column.limits) if text else None
    if kind == s.CHOICE:
        return choice(text, column.choices, column.words) if text else None
    if kind in (s.BOOL, s.NULLBOOL):
        return boolean(text, kind == s.NULLBOOL)
    if kind == s.REF:
        return text or None
    if kind == s.REFS:
        return [part.strip() for part in split_escaped(text, ";") if part.strip()]
    if kind == s.LANG:
        return language(text)
    if kind == s.URL:
        return url(text)
    if kind == s.VARIANTS:
        return variants(text)
    raise CellError(f"unknown column type {kind}")
