"""The domain actions: every entry point writes through them, and they speak in domain errors.

Through the real stack: the database, the admin's forms, the API over HTTP, and
the visitor's pages, so that what one entry point allows or refuses, the others do too.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

import memoria
from memoria.archive.models import Item, Media, Person, Place
from memoria.archive.services import media_finish_upload, media_upload
from memoria.core import services
from memoria.core.errors import NotFound, VersionConflict, VersionRequired
from tests.conftest import png_bytes

ROOT = Path(memoria.__file__).parent


def test_create_needs_the_permission_and_records_who_did_it(curator, reviewer):
    with pytest.raises(PermissionDenied):
        services.create(Place, {"name": {"en": "Marseille"}}, reviewer)
    assert not Place.objects.filter(name_en="Marseille").exists()

    place = services.create(Place, {"name": {"en": "Marseille", "fr": "Marseille"}}, curator)
    assert place.history.latest().history_user == curator
    assert not place.is_published  # new records start unpublished, whoever creates them


def test_a_refused_change_leaves_the_record_and_its_spellings_as_they_were(curator):
    person = services.create(Person, {"name": {"en": "Test Person"},
                                      "name_variants": [{"text": "Тест", "script": "Cyrl"}]}, curator)
    version = services.version_of(person)
    with pytest.raises(ValidationError) as refused:
        services.update(Person, person.pk, {"birth_date": "summer 1944",
                                            "name_variants": [{"text": "Other"}]}, curator, version)
    assert "birth_date" in refused.value.error_dict
    person.refresh_from_db()
    assert person.birth_date == ""
    assert [v.text for v in person.name_variants.all()] == ["Тест"]


def test_a_change_must_say_which_version_it_edits(curator):
    place = services.create(Place, {"name": {"en": "Lyon"}}, curator)
    stale = services.version_of(place)
    services.update(Place, place.pk, {"description": {"en": "first edit"}}, curator, stale)
    with pytest.raises(VersionConflict):
        services.update(Place, place.pk, {"description": {"en": "second edit over the first"}}, curator, stale)
    with pytest.raises(VersionRequired):
        services.delete(Place, place.pk, curator, None)
    with pytest.raises(NotFound):
        services.update(Place, 10**9, {}, curator, "*")
    place.refresh_from_db()
    assert place.description_en == "first edit"


def test_publishing_is_a_recorded_change_by_the_user(curator, reviewer):
    place = services.create(Place, {"name": {"en": "Toulouse"}}, curator)
    with pytest.raises(PermissionDenied):
        services.publish(Place.objects.filter(pk=place.pk), True, reviewer)
    assert services.publish(Place.objects.filter(pk=place.pk), True, curator) == 1
    assert services.publish(Place.objects.filter(pk=place.pk), True, curator) == 0  # already so
    latest = place.history.latest()
    assert latest.is_published and latest.history_user == curator


def test_an_upload_is_judged_by_its_bytes_and_leaves_nothing_when_refused(curator, demo):
    item = Item.objects.first()
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        media_upload(Item, item.pk, fake, {}, curator)
    assert "file" in refused.value.error_dict
    assert not Media.objects.exists()

    good = SimpleUploadedFile("photo.png", png_bytes((300, 200)), content_type="image/png")
    media = media_upload(Item, item.pk, good, {"credit": "test"}, curator)
    assert media.display and media.thumbnail and media.content_type == "image/png"
    assert media.history.count() == 1  # stored with its derivatives, then saved once
    with pytest.raises(NotFound):
        media_upload(Item, 10**9, good, {}, curator)


# --- One rule for files, on every surface ---------------------------------------------------


def _image_of(item, person):
    media = Media(item=item, person=person, content_type="image/png", width=40, height=30)
    media.file.save("shared.png", ContentFile(png_bytes((40, 30))), save=False)
    media.save()
    return media_finish_upload(media)


def _surfaces(client, media, item):
    """What a visitor gets for one file on each surface that serves it."""
    from memoria.iiif.tiles import identifier_for

    return {
        "item page": media.display.url in client.get(f"/en/items/{item.pk}/").content.decode(),
        "display file": client.get(media.display.url).status_code == 200,
        "API": client.get(f"/api/media/{media.pk}").status_code == 200,
        "API list": media.pk in [m["id"] for m in client.get(f"/api/items/{item.pk}/media").json()],
        "IIIF": client.get(f"/iiif/{identifier_for(media)}/info.json").status_code == 200,
        "manifest": media.display.url.rsplit("/", 1)[-1] in client.get(
            f"/iiif/item/{item.pk}/manifest.json").content.decode()
        or identifier_for(media) in client.get(f"/iiif/item/{item.pk}/manifest.json").content.decode(),
    }


def test_a_file_of_a_published_item_and_an_unpublished_person_is_hidden_everywhere(client, demo):
    item = Item.objects.filter(is_published=True).first()
    person = Person.objects.create(name_en="Not yet public", is_published=False)
    media = _image_of(item, person)
    assert _surfaces(client, media, item) == dict.fromkeys(_surfaces(client, media, item), False)

    person.is_published = True
    person.save()
    assert _surfaces(client, media, item) == dict.fromkeys(_surfaces(client, media, item), True)


# --- What the code itself must keep ---------------------------------------------------------


DOMAINS = ("core", "sources", "archive", "exhibitions")


def test_domain_actions_raise_no_http_errors():
    offenders = []
    for domain in DOMAINS:
        for path in (ROOT / domain).glob("services*.py"):
            source = path.read_text(encoding="utf-8")
            for name in ("django.http", "django.shortcuts", "Http404", "get_object_or_404"):
                if name in source:
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def _filters_on_is_published(path: Path) -> list[int]:
    """Lines where a query filters on is_published: a keyword or a lookup string naming it.

    A database CheckConstraint's condition is not a query: it states what may be stored (a person
    merged into another is never published), not what a visitor sees."""
    lines = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stored_rules = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and getattr(node.func, "attr", getattr(node.func, "id", "")) == "CheckConstraint"
                    for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in stored_rules:
            continue
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "filter", "exclude", "Q", "get", "first", "annotate"):
            names = [k.arg or "" for k in node.keywords]
            names += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if any("is_published" in name for name in names):
                lines.append(node.lineno)
    return lines


def test_only_the_visibility_modules_filter_on_is_published():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if path.name == "visibility.py" or "migrations" in relative.parts or relative.parts[0] == "benchmarks":
            continue
        offenders += [f"{relative}:{line}" for line in _filters_on_is_published(path)]
    assert offenders == []


def test_an_import_asks_the_same_permission_as_every_action(reviewer, curator, tmp_path):
    from memoria.imports.engine import import_file

    sheet = tmp_path / "places.csv"
    sheet.write_text("external_id,name_en\ntest:place:1,Synthetic Place\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        import_file(sheet, kind="places", user=reviewer)
    assert not Place.objects.filter(external_id="test:place:1").exists()

    report = import_file(sheet, kind="places", user=curator)
    assert Place.objects.get(external_id="test:place:1").history.latest().history_user == curator, report
