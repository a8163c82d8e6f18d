"""Translated fields, then history (see memoria/sources/translation.py for why in this order)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from memoria.archive import models as m


@register(m.Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name", "description")


@register(m.Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "description")


@register(m.Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "roles", "biography")


@register(m.Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(m.Item)
class ItemTranslation(TranslationOptions):
    fields = ("title", "description", "origin", "material", "provenance")


@register(m.Media)
class MediaTranslation(TranslationOptions):
    fields = ("alt_text", "caption")


@register(m.Membership)
@register(m.Participation)
class RoleTranslation(TranslationOptions):
    fields = ("role",)


for model in (m.Place, m.Unit, m.Person, m.NameVariant, m.Event, m.Item, m.Media,
              m.Membership, m.Participation, m.ItemPerson, m.ItemEvent, m.ItemPlace):
    track_history(model, app=__package__)
