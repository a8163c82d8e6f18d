"""What both vocabularies need: stable URIs, per-language values, EDTF precision."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.translation import get_language

from memoria.core.i18n import LANGUAGE_CODES, translated

# A plain ISO date with no EDTF qualifier, interval or unspecified digit:
# precise enough to state as a schema.org Date.
_EXACT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def record_uri(request, url_name: str, pk: int) -> str:
    """The record's identifier: its page URL without the language prefix.

    The same record has four language pages; its URI must not depend on the
    visitor's language. The unprefixed path redirects to the visitor's
    language page (LocaleMiddleware), so the URI stays dereferenceable.
    """
    path = reverse(url_name, args=[pk])
    prefix = f"/{get_language()}/"
    if path.startswith(prefix):
        path = "/" + path[len(prefix):]
    return request.build_absolute_uri(path)


def page_url(request, record) -> str:
    """The page in the language being served."""
    return request.build_absolute_uri(record.get_absolute_url())


def label(record, field: str) -> str:
    """The text in the visitor's language, falling back like the page does."""
    return translated(record, field).text


def per_language(record, field: str) -> list[tuple[str, str]]:
    """(language, text) for every language that has the text, in settings order."""
    out = []
    for code in LANGUAGE_CODES:
        value = (getattr(record, f"{field}_{code}", "") or "").strip()
        if value:
            out.append((code, value))
    return out


def is_exact(edtf: str) -> bool:
    return bool(_EXACT.match((edtf or "").strip()))


def open_interval_free(edtf: str) -> bool:
    """True for a plain date or a closed interval of plain dates ("1941/1945")."""
    text = (edtf or "").strip()
    if "/" in text:
        start, _sep, end = text.partition("/")
        return is_exact(start) and is_exact(end)
    return is_exact(text)
