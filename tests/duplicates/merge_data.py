"""Records for the merge tests: the demo's people (from the article) and obviously synthetic
second records of them — "Test" sources at example.org, no invented biography."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from memoria.archive import services as archive_services
from memoria.archive.models import Event, Membership, Participation, Person
from memoria.core import services
from memoria.duplicates.merge import conflicts
from memoria.duplicates.models import CandidatePair
from memoria.sources.models import Citation, Source
from memoria.sources.services import citation_create
from tests.conftest import LANGS, png_bytes

ACTOR = services.COMMAND_LINE


def demo_person(key: str) -> Person:
    return Person.objects.get(external_id=f"demo:person:{key}")


def make_source(title="Test roll (synthetic)") -> Source:
    with translation.override("en"):  # records are validated in the default language
        return services.create(Source, {"title": {"en": title}, "url": "https://example.org/test-roll",
                                    "is_published": True}, ACTOR)


def cite(record_type: str, record, source: Source, fact: str = "") -> Citation:
    return citation_create({"record": {"type": record_type, "id": record.pk}, "source_id": source.pk,
                            "field": fact, "quote": "Synthetic test quotation."}, ACTOR)


def second_record(name_en: str, name_ru: str, spellings: list[tuple[str, str]], **fields) -> Person:
    """A published synthetic second record of someone, with the given (text, language) spellings."""
    data = {"name": {"en": name_en, "ru": name_ru}, "is_published": True,
            "name_variants": [{"text": text, "language": lang, "script": "Cyrl" if lang in ("ru", "kk") else "Latn",
                               "kind": "archive"} for text, lang in spellings], **fields}
    with translation.override("en"):
        return services.create(Person, data, ACTOR)


def koishybayev_twice():
    """The demo's Abibulla Koishybayev and a synthetic second record spelled as in a loss report,
    with a spelling, a source, the same regiment (a duplicate row), an event and a photograph."""
    first = demo_person("abibulla-koishybayev")
    second = second_record("Abibulla Koichibaev", "Абибулла Койшибаев", [("Абибулла Койшибаев", "ru"), ("Koichibaev Abibulla", "fr")])
    source = make_source()
    cite("person", second, source)
    cite("name_variant", second.name_variants.get(language="fr"), source)
    membership = first.memberships.get()  # the same membership again: folded into one by the merge
    services.create(Membership, {"person_id": second.pk, "unit_id": membership.unit_id, "date": membership.date,
                                 "role": {code: getattr(membership, f"role_{code}") for code in LANGS}}, ACTOR)
    event = Event.objects.get(external_id="demo:event:exhibition-opening")
    services.create(Participation, {"person_id": second.pk, "event_id": event.pk}, ACTOR)
    upload = SimpleUploadedFile("test-photo.png", png_bytes(), content_type="image/png")
    archive_services.media_upload(Person, second.pk, upload, {"alt_text": {"en": "Test image"}}, ACTOR)
    return first, second, source


def keep_survivors(survivor: Person, other: Person) -> dict:
    """The curator's pick "keep the survivor's value" for every field both hold differently."""
    return {field: "survivor" for field in conflicts(survivor, other)}


def pair(a: Person, b: Person, score: float = 0.9, reasons=("names agree (test)",)) -> CandidatePair:
    """The pair of a and b, as the finder stored it when the second record arrived, with a set
    score and reasons so that the tests can tell the pairs apart."""
    low, high = sorted((a, b), key=lambda person: person.pk)
    return CandidatePair.objects.update_or_create(person_a=low, person_b=high,
                                                  defaults={"score": score, "reasons": list(reasons)})[0]

