"""The parts of a page that are rendered once and kept (the navigation, the footer, the style
sheet links: memoria/public/templatetags/site_chrome.py) and the cards rendered by inclusion tags
show each visitor what their own language and mode call for. The records are the demo's and
SYNTHETIC test data."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from memoria.archive.models import Item, Media
from memoria.archive.services import media_finish_upload
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_the_navigation_follows_the_language_and_the_kiosk_mode(client, demo):
    kiosk = Client()
    assert kiosk.get("/ru/kiosk/").status_code == 302
    for _round in range(2):  # the second round reads what the first one kept
        kiosk_html = kiosk.get("/ru/").content.decode()
        assert 'href="/ru/people/"' in kiosk_html and 'href="/ru/events/"' not in kiosk_html
        assert 'class="search-link"' not in kiosk_html and "/api/" not in kiosk_html
        for lang in ("kk", "ru", "en", "fr"):
            html = client.get(f"/{lang}/").content.decode()
            nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.DOTALL).group(0)
            assert f'href="/{lang}/events/"' in nav and f'href="/{lang}/units/"' in nav
            assert f'<a class="search-link" href="/{lang}/search/">' in html
            assert f'href="/{lang}/exhibitions/"' in html and 'href="/api/docs"' in html


def test_a_card_shows_the_items_photograph_with_its_description(client, demo):
    item = Item.objects.get(inventory_number="DEMO-04")
    media = Media(item=item, content_type="image/png", width=40, height=30, position=0,
                  alt_text_en="SYNTHETIC test photograph", alt_text_ru="")
    media.file.save("card.png", ContentFile(png_bytes((40, 30))), save=False)
    media.save()
    media_finish_upload(media)
    media.refresh_from_db()
    assert media.thumbnail
    for path in ("/en/items/", "/en/"):
        html = client.get(path).content.decode()
        card = re.search(r'<li class="card item-card">(.*?)</li>', html, re.DOTALL).group(1)
        assert f'<img src="{media.thumbnail.url}" alt="SYNTHETIC test photograph" width="480"' in card
        assert "DEMO-04" in card and "kind-mark" not in card
