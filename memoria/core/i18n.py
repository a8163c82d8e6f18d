"""Translated text with an honest fallback.

Text fields exist in kk, ru, en and fr (real columns, via modeltranslation).
When the visitor's language is empty, the page shows the first language of
MEMORIA_FALLBACK_LANGUAGES that has the text, marked as a fallback so the
template can say "not yet translated".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

#: The languages of every translated text, in settings order (kk, ru, en, fr): the
#: site's languages, which are also modeltranslation's columns (MODELTRANSLATION_LANGUAGES).
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class Translated:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@lru_cache(maxsize=64)
def _order_for(lang: str, fallbacks: tuple[str, ...]) -> tuple[str, ...]:
    lang = lang.split("-")[0]
    order = [lang] if lang in LANGUAGE_CODES else []
    order += [c for c in fallbacks if c not in order]
    return tuple(order)


def _lang_order(lang: str | None) -> tuple[str, ...]:
    # Remembered per language: a page asks this for each of its dozens of translated fields.
    return _order_for(lang or get_language() or settings.LANGUAGE_CODE, tuple(settings.MEMORIA_FALLBACK_LANGUAGES))


def translated(obj, field: str, lang: str | None = None) -> Translated:
    order = _lang_order(lang)
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value and str(value).strip():
            return Translated(str(value), code, code != order[0])
    return Translated("", order[0], False)


def translated_fields(model) -> set[str]:
    """The base names of the model's translated fields ("title", not "title_en"); empty when
    the model has none registered with modeltranslation."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()
