"""The one list of languages and the translated fields of a model (memoria.core.i18n)."""

from django.conf import settings

from memoria.archive.models import Item, Person
from memoria.core.i18n import LANGUAGE_CODES, translated_fields
from memoria.search.models import SearchDocument


def test_language_codes_are_the_sites_and_the_translated_columns():
    assert LANGUAGE_CODES == ("kk", "ru", "en", "fr")
    assert LANGUAGE_CODES == tuple(code for code, _name in settings.LANGUAGES)
    assert LANGUAGE_CODES == tuple(settings.MODELTRANSLATION_LANGUAGES)


def test_translated_fields_are_base_names():
    assert {"title", "description"} <= translated_fields(Item)
    assert "name" in translated_fields(Person)
    assert not any(field.endswith("_en") for field in translated_fields(Item))
    assert "inventory_number" not in translated_fields(Item)
    assert translated_fields(SearchDocument) == set()
