"""Errors answer in the site's design and the visitor's language, with a way back."""

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import LANGS

pytestmark = pytest.mark.django_db

HEADING = {"kk": "Мұндай бет жоқ", "ru": "Такой страницы нет", "en": "This page does not exist",
           "fr": "Cette page n’existe pas"}


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_record_is_a_designed_page_in_the_visitors_language(client, demo, lang):
    response = client.get(f"/{lang}/people/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert HEADING[lang] in html
    assert 'class="site-header"' in html and 'class="languages"' in html  # header and language switcher
    assert 'name="q"' in html  # a search box
    assert f'href="/{lang}/"' in html  # a way back to the exhibition
    assert "Not Found</h1>" not in html  # not Django's bare page


def test_mistyped_label_address_suggests_the_nearest_inventory_numbers(client, demo):
    response = client.get("/i/DEMO-1O", HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    assert response.status_code == 404
    assert HEADING["ru"] in html
    assert 'href="/i/DEMO-10"' in html  # O typed for zero
    assert "DEMO-1O" in html


def test_label_address_far_from_every_number_suggests_nothing(client, demo):
    response = client.get("/i/NOPE-99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Inventory numbers close to" not in response.content.decode()


def test_unpublished_item_is_never_suggested(client, demo):
    from memoria.archive.models import Item

    Item.objects.filter(inventory_number="DEMO-10").update(is_published=False)
    html = client.get("/i/DEMO-1O").content.decode()
    assert "DEMO-10" not in html.replace("DEMO-1O", "")


def test_too_long_search_is_a_page_that_keeps_what_can_be_searched(client, demo):
    query = "партизан " * 250  # 2,250 characters
    response = client.get("/kk/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 414
    assert "2250" in html.replace("\u00a0", "").replace(",", "").replace(" ", "")
    assert 'maxlength="200"' in html
    assert 'class="site-header"' in html


def test_server_error_keeps_the_site_design(demo):
    browser = Client(raise_request_exception=False)
    with connection.cursor() as cursor:  # a real fault: a table the home page reads is gone
        if connection.vendor == "postgresql":  # the demo's deferred foreign-key checks first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP TABLE exhibitions_entry")
    response = browser.get("/fr/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Un problème est survenu de notre côté" in html
    assert 'href="/fr/"' in html


def test_unknown_api_address_answers_json(client, db):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_search_page_has_one_search_box(client, demo):
    html = client.get("/en/search/", {"q": "partisan"}).content.decode()
    assert html.count('name="q"') == 1
