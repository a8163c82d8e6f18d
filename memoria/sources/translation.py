"""Translated fields, then history.

History must be registered after modeltranslation has added the per-language
columns, or the historical model misses them and saving crashes.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from memoria.sources.models import Citation, Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher", "note")


track_history(Source, app=__package__)
track_history(Citation, app=__package__)
