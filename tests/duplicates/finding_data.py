"""Obviously SYNTHETIC people for the finding tests ("Testbek", "Test place"): never a biography."""

from django.utils import translation

from memoria.archive.models import Person, Place
from memoria.core import services

ACTOR = services.COMMAND_LINE


def place(name: str) -> Place:
    with translation.override("en"):
        return services.create(Place, {"name": {"en": name}}, ACTOR)


def person(name_en: str, spellings=(), **fields) -> Person:
    data = {"name": {"en": name_en},
            "name_variants": [{"text": text, "kind": "archive"} for text in spellings], **fields}
    with translation.override("en"):
        return services.create(Person, data, ACTOR)


def omarovs():
    """Two records of one synthetic Testbek Omarov (a year and a full date of that year) and a
    namesake born seven years later elsewhere."""
    here, there = place("Test place A"), place("Test place B")
    first = person("Testbek Omarov", ["Омаров Тестбек"], birth_date="1918", birth_place_id=here.pk)
    second = person("Omarov Testbek", ["Омаров Т."], birth_date="1918-03-02")
    namesake = person("Testbek Omarov", ["Омаров Тестбек"], birth_date="1925", birth_place_id=there.pk)
    return first, second, namesake
