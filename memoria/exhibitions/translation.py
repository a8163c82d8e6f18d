"""Translated fields, then history (see memoria/sources/translation.py for why in this order)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from memoria.exhibitions.models import Entry, Exhibition, Section


@register(Exhibition)
class ExhibitionTranslation(TranslationOptions):
    fields = ("title", "subtitle", "venue", "hall", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "caption")


@register(Entry)
class EntryTranslation(TranslationOptions):
    fields = ("text", "caption")


for model in (Exhibition, Section, Entry):
    track_history(model, app=__package__)
