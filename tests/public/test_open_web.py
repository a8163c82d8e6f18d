"""The conventions of the open web: sitemap, robots.txt, canonical and hreflang links, link
previews, a favicon, a print stylesheet, and a "Cite this" block researchers can paste."""

import json
import re
from xml.etree import ElementTree

import pytest

from memoria.archive.models import Item, Person
from tests.conftest import LANGS

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap_urls(client):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    urls = {}
    for loc in index.iter(f"{SM}loc"):
        path = loc.text.split("testserver", 1)[1]
        tree = ElementTree.fromstring(client.get(path).content)
        for url in tree.iter(f"{SM}url"):
            alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
            urls[url.find(f"{SM}loc").text] = alternates
    return urls


def test_sitemap_lists_every_published_page_in_every_language_with_alternates(client, demo):
    hidden = Item.objects.order_by("pk").first()
    hidden.is_published = False
    hidden.save()
    urls = _sitemap_urls(client)
    shown = Item.objects.filter(is_published=True).first()
    for lang in LANGS:
        assert f"http://testserver/{lang}/items/{shown.pk}/" in urls
        assert f"http://testserver/{lang}/items/{hidden.pk}/" not in urls
        assert f"http://testserver/{lang}/" in urls
    person = Person.objects.filter(is_published=True).first()
    alternates = urls[f"http://testserver/kk/people/{person.pk}/"]
    assert alternates["fr"] == f"http://testserver/fr/people/{person.pk}/"
    # x-default: the address without a language, which sends each visitor to their own.
    assert alternates["x-default"] == f"http://testserver/people/{person.pk}/"
    redirect = client.get(f"/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    assert redirect.status_code == 302 and redirect["Location"] == f"/kk/people/{person.pk}/"
    assert set(alternates) == {*LANGS, "x-default"}


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize("lang", LANGS)
def test_record_page_says_where_it_lives_and_how_it_previews(client, demo, lang):
    person = Person.objects.filter(is_published=True).order_by("pk").first()
    html = client.get(f"/{lang}/people/{person.pk}/").content.decode()
    assert f'<link rel="canonical" href="http://testserver/{lang}/people/{person.pk}/">' in html
    for other in LANGS:
        assert f'<link rel="alternate" hreflang="{other}" href="http://testserver/{other}/people/{person.pk}/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver/people/{person.pk}/">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert 20 < len(description) <= 200
    assert re.search(r'<meta property="og:title" content="[^"]+">', html)
    assert '<meta name="twitter:card" content="summary">' in html  # the demo has no photographs


def test_list_page_canonical_keeps_the_page_number(client, demo):
    html = client.get("/en/people/?page=1&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/people/">' in html


def test_item_page_offers_a_permanent_address_and_citations(client, demo):
    item = Item.objects.filter(is_published=True).order_by("pk").first()
    html = client.get(f"/en/items/{item.pk}/").content.decode()
    assert f'http://testserver/i/{item.inventory_number}' in html
    bibtex = re.search(r"<summary>BibTeX</summary><pre[^>]*>(.*?)</pre>", html, re.S).group(1)
    assert bibtex.startswith("@misc{") and bibtex.count("{") == bibtex.count("}")
    csl = json.loads(re.search(r"<summary>CSL-JSON</summary><pre[^>]*>(.*?)</pre>", html, re.S).group(1)
                     .replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))
    assert csl["type"] == "webpage" and csl["URL"].endswith(f"/i/{item.inventory_number}")


def test_favicon_and_print_stylesheet(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/memoria/favicon.ico")
    with open(finders.find("memoria/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/en/").content.decode()
    assert 'media="print"' in html and "print.css" in html
    assert 'rel="icon"' in html and "data:," not in html
