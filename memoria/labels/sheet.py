"""What goes on a label sheet: the published items of the chosen sections, each with its
title in the chosen languages (honest about fallbacks), inventory number and short URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from memoria.core.i18n import translated
from memoria.core.visibility import is_public
from memoria.exhibitions.models import Entry
from memoria.labels.shortlinks import short_url


@dataclass(frozen=True)
class TitleLine:
    lang: str            # the language this line stands for (the curator's choice)
    text: str            # the title; in `text_lang`, which differs when it is a fallback
    text_lang: str
    note: str            # "not yet translated", in `lang`, when the title is a fallback


@dataclass(frozen=True)
class Label:
    inventory_number: str
    url: str
    titles: list[TitleLine]


@dataclass(frozen=True)
class SheetContent:
    labels: list[Label]


def _title_line(item, lang: str) -> TitleLine:
    value = translated(item, "title", lang)
    note = ""
    if value.is_fallback or not value.text:
        with translation.override(lang):
            note = gettext("not yet translated")
    return TitleLine(lang=lang, text=value.text, text_lang=value.lang, note=note)


def sheet_content(sections, languages: list[str], base_url: str) -> SheetContent:
    """One label per item shown in the sections (in stand order, each item once).

    Unpublished items are left out: their short URL would answer 404 to a visitor (the form
    says so beforehand, labels.admin_views._unpublished_warning).
    """
    entries = (
        Entry.objects.filter(section__in=sections, item__isnull=False)
        .select_related("item")
        .order_by("section__exhibition_id", "section__position", "section_id", "position", "pk")
    )
    seen, labels = set(), []
    for entry in entries:
        item = entry.item
        if item.pk in seen or not is_public(item):
            continue
        seen.add(item.pk)
        labels.append(Label(
            inventory_number=item.inventory_number,
            url=short_url(item.inventory_number, base_url),
            titles=[_title_line(item, lang) for lang in languages],
        ))
    return SheetContent(labels=labels)
