"""Every public page, in each of the four languages, shows the demo with its footnotes."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from memoria.archive.models import Event, Item, Media, Person, Place, Unit
from memoria.archive.services import media_finish_upload
from memoria.exhibitions.models import Exhibition
from memoria.sources.models import Source
from tests.conftest import LANGS, png_bytes

pytestmark = pytest.mark.django_db


def _get(client, url, lang):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    return html


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_the_exhibition_with_sections_and_source(client, demo, lang):
    exhibition = Exhibition.objects.get(slug="they-traveled-across-europe")
    html = _get(client, f"/{lang}/", lang)
    assert escape(getattr(exhibition, f"title_{lang}")) in html
    # Objects without photographs are cards with their kind's pictogram, not empty grey boxes.
    assert 'class="card item-card no-photo"' in html and "No photograph of this item yet" not in html
    # The exhibition's facts are footnoted, and the footnote links to the article's page.
    article = Source.objects.get(external_id="demo:source:article")
    assert f'href="/{lang}/sources/{article.pk}/"' in html
    assert 'id="note-1"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_every_record_page_answers_in_each_language(client, demo, lang):
    with override("en"):
        urls = _all_public_urls()
    for url in urls:
        _get(client, re.sub(r"^/en/", f"/{lang}/", url), lang)


def _all_public_urls():
    urls = [reverse("public:" + name) for name in ("items", "people", "places", "events", "units",
                                                  "exhibitions")]
    for model, name in ((Item, "item"), (Person, "person"), (Place, "place"), (Event, "event"),
                        (Unit, "unit"), (Source, "source")):
        urls += [reverse(f"public:{name}", args=[pk]) for pk in model.objects.values_list("pk", flat=True)]
    for section in Exhibition.objects.get().sections.all():
        urls.append(section.get_absolute_url())
    return urls


@pytest.mark.parametrize("lang", LANGS)
def test_person_page_shows_every_spelling_and_footnotes(client, demo, lang):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    html = _get(client, f"/{lang}/people/{person.pk}/", lang)
    for variant in person.name_variants.all():
        assert escape(variant.text) in html
    assert escape(getattr(person, f"name_{lang}")) in html
    # The certificate that names him is linked, with its own footnote.
    certificate = Item.objects.get(people_links__person=person)
    assert f"/{lang}/items/{certificate.pk}/" in html
    notes = re.findall(r'<li id="note-(\d+)">', html)
    assert notes and notes == [str(n) for n in range(1, len(notes) + 1)]


def test_item_page_is_honest_about_what_is_missing(client, demo):
    item = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    html = _get(client, f"/en/items/{item.pk}/", "en")
    assert "No photograph of this item yet" in html
    assert "copy" in html  # the article says it is a copy
    assert item.inventory_number in html
    assert "Where it is shown" in html


def test_source_page_links_the_article(client, demo):
    article = Source.objects.get(external_id="demo:source:article")
    html = _get(client, f"/en/sources/{article.pk}/", "en")
    assert article.url in html
    assert "Records that cite this source" in html


def test_language_switcher_keeps_the_record(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    html = _get(client, f"/fr/people/{person.pk}/", "fr")
    for lang in LANGS:
        assert f'href="/{lang}/people/{person.pk}/"' in html


@pytest.mark.parametrize("accept, lang", [("ru-RU,ru;q=0.9", "ru"), ("kk", "kk"), ("fr-FR", "fr"),
                                          ("de-DE", "en")])
def test_root_picks_the_browser_language(client, accept, lang):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/"


def test_missing_translation_is_shown_in_another_language_and_said(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    person.biography_kk = ""
    person.save()
    html = _get(client, f"/kk/people/{person.pk}/", "kk")
    assert escape(person.biography_en.split(".")[0]) in html
    assert 'class="notice"' in html and '<div lang="en">' in html


def test_empty_archive_says_so(client, db):
    html = _get(client, "/en/", "en")
    assert "The archive is empty" in html


def test_every_page_leads_researchers_to_the_open_data(client, demo):
    html = client.get("/fr/").content.decode()
    assert 'href="/api/docs"' in html and 'href="/oai?verb=Identify"' in html
    assert client.get("/api/docs").status_code == 200
    assert b"<Identify>" in client.get("/oai?verb=Identify").content
    # Not on the hall's touchscreen: kiosk mode keeps visitors inside the exhibition.
    client.get("/fr/kiosk/")
    assert 'href="/api/docs"' not in client.get("/fr/").content.decode()


def test_a_title_known_in_one_language_reads_cleanly_in_the_tab_and_the_heading(client, demo):
    # A curator catalogued the object in English only; a Russian visitor opens it.
    item = Item.objects.get(inventory_number="DEMO-04")
    item.title_ru = item.title_kk = item.title_fr = ""
    item.save()
    html = _get(client, f"/ru/items/{item.pk}/", "ru")
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    # The browser tab shows the English title, not markup (a <title> holds text only).
    assert title.startswith(escape(item.title_en) + " · ") and "span" not in title
    # The heading says which language it is shown in.
    assert f'<span lang="en">{escape(item.title_en)}</span>' in html


def test_a_photographs_description_in_another_language_stays_a_plain_alt_text(client, demo):
    item = Item.objects.get(inventory_number="DEMO-04")
    media = Media(item=item, content_type="image/png", width=40, height=30, position=0,
                  alt_text_en="SYNTHETIC test photograph")
    media.file.save("alt.png", ContentFile(png_bytes((40, 30))), save=False)
    media.save()
    media_finish_upload(media)
    # A screen reader reads the English description; the attribute holds no markup, on the
    # object's page and on its card in the list of objects.
    for url in (f"/ru/items/{item.pk}/", "/ru/items/"):
        assert 'alt="SYNTHETIC test photograph"' in _get(client, url, "ru"), url
