"""Kiosk mode: a hall touchscreen shows the exhibition as a visitor sees it, with no way out."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Item, Media, Person
from memoria.archive.services import media_finish_upload
from memoria.exhibitions.models import Entry, Exhibition
from memoria.sources.models import Citation, Source
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def kiosk_pages():
    item = Item.objects.get(inventory_number="DEMO-04")
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    exhibition = Exhibition.objects.get()
    section = exhibition.sections.first()
    source = Source.objects.filter(is_published=True).first()
    return {
        "home": "/ru/",
        "section": f"/ru/exhibitions/{exhibition.slug}/{section.slug}/",
        "item": f"/ru/items/{item.pk}/",
        "person": f"/ru/people/{person.pk}/",
        "source": f"/ru/sources/{source.pk}/",
        "items": "/ru/items/",
        "search": "/ru/search/?q=Koishybayev",
    }


def links(html):
    return re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html)


def body_tag(html):
    return re.search(r"<body\b[^>]*>", html).group(0)


def enter_kiosk(client, lang="ru"):
    response = client.get(f"/{lang}/kiosk/")
    assert response.status_code == 302 and response["Location"] == f"/{lang}/"
    return client


def test_kiosk_switch_marks_every_page(client, demo):
    assert "kiosk" not in body_tag(client.get("/ru/").content.decode())
    enter_kiosk(client, "kk")
    html = client.get("/ru/").content.decode()
    body = body_tag(html)
    assert 'class="kiosk"' in body
    # The idle timer always returns to the home page in the kiosk's own language.
    assert 'data-kiosk-home="/kk/"' in body and 'data-kiosk-idle-seconds="180"' in body
    assert re.search(r'<script src="/static/memoria/kiosk[.0-9a-f]*\.js" defer></script>', html)
    # The language switch stays; the search box goes (its results span the whole archive, and
    # a touchscreen has no keyboard), and so do the archive's indexes of events, places, units.
    assert 'hreflang="fr"' in html and 'name="q"' not in html
    for kept in ["/ru/items/", "/ru/people/", "/ru/map/", "/ru/timeline/"]:
        assert f'href="{kept}"' in html
    for dropped in ["/ru/events/", "/ru/places/", "/ru/units/", "/ru/search/", "/ru/exhibitions/"]:
        assert f'href="{dropped}"' not in html


def test_idle_time_comes_from_the_settings(client, demo, settings):
    settings.MEMORIA_KIOSK_IDLE_MINUTES = 0.25
    enter_kiosk(client)
    assert 'data-kiosk-idle-seconds="15"' in client.get("/ru/").content.decode()


def test_no_link_leaves_the_exhibition(client, demo):
    source = Source.objects.filter(is_published=True).first()
    source.url = "https://example.org/synthetic-source"
    source.save()
    item = Item.objects.get(inventory_number="DEMO-04")
    media = Media(item=item, content_type="image/png", width=10, height=10, allow_download=True)
    media.file.save("x.png", ContentFile(png_bytes((10, 10))), save=False)
    media.save()
    media_finish_upload(media)
    pages = kiosk_pages()
    # Outside kiosk mode the same pages do link out (so the checks below mean something).
    assert "https://example.org/synthetic-source" in links(client.get(pages["source"]).content.decode())
    assert any("/media/" in href for href in links(client.get(pages["item"]).content.decode()))

    enter_kiosk(client)
    for name, url in pages.items():
        html = client.get(url).content.decode()
        for href in links(html):
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, (name, href)
            assert not parts.path.startswith(("/admin/", "/api/", "/media/")), (name, href)
        assert " download" not in html, name
    source_html = client.get(pages["source"]).content.decode()
    assert "https://example.org/synthetic-source" in source_html  # still readable, as plain text


def test_a_signed_in_curator_in_kiosk_mode_sees_only_what_visitors_see(client, curator, demo):
    hidden = Item.objects.get(inventory_number="DEMO-05")
    hidden.is_published = False
    hidden.save()
    client.force_login(curator)
    assert client.get(f"/en/items/{hidden.pk}/").status_code == 200
    enter_kiosk(client, "en")
    assert client.get(f"/en/items/{hidden.pk}/").status_code == 404
    assert client.get("/i/DEMO-05").status_code == 404
    # The back office itself is untouched (whoever set the kiosk up can still work there).
    assert client.get("/admin/").status_code == 200


def test_exit_clears_kiosk_mode(client, demo):
    enter_kiosk(client, "fr")
    assert "kiosk" in body_tag(client.get("/fr/").content.decode())
    response = client.get("/fr/kiosk/exit/")
    assert response.status_code == 302 and response["Location"] == "/fr/"
    assert "kiosk" not in body_tag(client.get("/fr/").content.decode())
    # The exit is never offered on the page itself.
    enter_kiosk(client, "fr")
    assert "/kiosk/exit/" not in client.get("/fr/").content.decode()


def test_kiosk_pages_stay_within_the_query_budget(client, demo):
    enter_kiosk(client)
    counts = {}
    for name, url in kiosk_pages().items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[name] = len(ctx.captured_queries)
    assert max(counts.values()) <= MAX_QUERIES, counts


def test_the_attract_screen_quotes_only_the_archive(client, demo):
    enter_kiosk(client, "kk")
    assert client.get("/ru/kiosk/attract/")["Location"] == "/kk/kiosk/attract/"
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/kk/kiosk/attract/").content.decode()
    exhibition = Exhibition.objects.get()
    # In the kiosk's language, whatever page it was left on; the invitation in all four.
    assert '<html lang="kk">' in html and f"<h1>{exhibition.title_kk}</h1>" in html
    for lang, words in [("kk", "Бастау үшін экранды түртіңіз"), ("ru", "Коснитесь экрана, чтобы начать"),
                        ("en", "Touch the screen to begin"), ("fr", "Touchez l’écran pour commencer")]:
        assert f'<li lang="{lang}">{words}</li>' in html
    quotes = re.findall(r"<blockquote[^>]*>“(.*?)”</blockquote>", html, re.DOTALL)
    assert quotes
    known = {e.text_kk for e in Entry.objects.filter(item=None, person=None)} | set(
        Citation.objects.values_list("quote", flat=True))
    assert all(unescape(quote) in known for quote in quotes), quotes
    # The whole screen is one link home, with no other way out.
    assert links(html) == ["/kk/"]
    assert len(queries) <= MAX_QUERIES


def test_the_attract_screen_is_only_for_a_kiosk(client, demo):
    response = client.get("/en/kiosk/attract/")
    assert response.status_code == 302 and response["Location"] == "/en/"
