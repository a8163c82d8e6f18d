"""Obviously synthetic records that hold everything a list shows: translated texts, name
spellings, links between records, citations and media files. Used to check that a longer page
costs no more queries than a short one."""

from memoria.archive import models as m
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.sources.models import Citation, Source


def _texts(field: str, text: str) -> dict:
    return {f"{field}_{lang}": f"{text} ({lang})" for lang in ("kk", "ru", "en", "fr")}


def add_synthetic_records(count: int) -> None:
    """`count` published records of each type, each linked to the others and cited."""
    for n in range(count):
        place = m.Place.objects.create(is_published=True, **_texts("name", f"Synthetic place {n}"))
        event = m.Event.objects.create(is_published=True, date="1944", **_texts("title", f"Synthetic event {n}"))
        event.places.add(place)
        unit = m.Unit.objects.create(is_published=True, **_texts("name", f"Synthetic unit {n}"))
        person = m.Person.objects.create(is_published=True, birth_place=place, death_place=place,
                                         birth_date="1900", **_texts("name", f"Synthetic person {n}"))
        m.NameVariant.objects.create(person=person, text=f"Synthetic spelling {n}", language="en")
        m.Participation.objects.create(event=event, person=person)
        m.Participation.objects.create(event=event, unit=unit)
        m.Membership.objects.create(person=person, unit=unit)
        item = m.Item.objects.create(is_published=True, inventory_number=f"SYNTHETIC-{n}",
                                     **_texts("title", f"Synthetic item {n}"))
        m.ItemPerson.objects.create(item=item, person=person, role=m.ItemPerson.Role.DEPICTS)
        m.ItemEvent.objects.create(item=item, event=event, role=m.ItemEvent.Role.DEPICTS)
        m.ItemPlace.objects.create(item=item, place=place, role=m.ItemPlace.Role.MADE_IN)
        for owner in ({"item": item}, {"person": person}):
            m.Media.objects.create(file=f"synthetic/{n}.png", content_type="image/png",
                                   display=f"derivatives/synthetic-{n}.jpg", **owner)
        source = Source.objects.create(is_published=True, url="https://example.org/synthetic",
                                       **_texts("title", f"Synthetic source {n}"))
        for record in (person, item, event, place, unit):
            Citation.objects.create(source=source, subject=record)
        exhibition = Exhibition.objects.create(is_published=True, slug=f"synthetic-{n}", place=place,
                                               opening_event=event, **_texts("title", f"Synthetic exhibition {n}"))
        section = Section.objects.create(exhibition=exhibition, slug="hall", is_published=True,
                                         **_texts("title", f"Synthetic hall {n}"))
        Entry.objects.create(section=section, item=item)
        Entry.objects.create(section=section, person=person, position=1)
