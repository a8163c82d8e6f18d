"""A visitor scans a label's QR code; a hall touchscreen runs the exhibition in kiosk mode."""

import re
import time

import pytest

from memoria.archive.models import Item, Person
from memoria.labels.shortlinks import short_path
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

LEAVING_LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .map(a => new URL(a.getAttribute('href'), location.href))
  .filter(u => u.origin !== location.origin || /^\\/(admin|api|media)\\//.test(u.pathname))
  .map(u => u.href)"""


def phone(chromium, locale):
    """A phone whose owner reads in this language (the browser sends it as Accept-Language)."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, locale=locale)
    tab = context.new_page()
    tab.js_errors = []
    tab.on("pageerror", lambda exc: tab.js_errors.append(str(exc)))
    return context, tab


@pytest.mark.parametrize("locale, lang", [("fr-FR", "fr"), ("ru-RU", "ru"), ("kk-KZ", "kk")])
def test_scanning_a_label_opens_the_item_in_the_phones_language(site, chromium, locale, lang):
    record = Item.objects.get(inventory_number="DEMO-01")
    odd = Item.objects.create(inventory_number="SYN/../Қ 1 #2", title_en="Synthetic item",
                              title_ru="Синтетический предмет", title_fr="Objet synthétique",
                              title_kk="Синтетикалық зат", is_published=True)
    context, tab = phone(chromium, locale)
    try:
        tab.goto(f"{site}/i/DEMO-01")
        assert re.search(rf"/{lang}/items/{record.pk}/$", tab.url)
        assert tab.locator("h1").inner_text().startswith(getattr(record, f"title_{lang}")[:20])
        # The address a QR code carries for an awkward inventory number works the same way.
        tab.goto(site + short_path(odd.inventory_number))
        assert re.search(rf"/{lang}/items/{odd.pk}/$", tab.url)
        assert tab.locator("h1").inner_text() == getattr(odd, f"title_{lang}")
        assert tab.js_errors == []
    finally:
        context.close()


def test_kiosk_mode_keeps_visitors_in_the_exhibition(site, page, settings):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    record = Item.objects.get(inventory_number="DEMO-04")

    page.goto(f"{site}/kk/kiosk/")
    assert re.search(r"/kk/$", page.url)
    assert "kiosk" in page.locator("body").get_attribute("class")
    for path in ["/kk/", f"/kk/items/{record.pk}/", f"/kk/people/{person.pk}/"]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(LEAVING_LINKS) == [], path
        assert axe_violations(page) == [], path
        # Touch targets: the main menu and the languages are at least 48 px high.
        for selector in [".main-nav a", ".languages a"]:
            box = page.locator(selector).first.bounding_box()
            assert box["height"] >= 48, (path, selector, box)

    # A visitor touches a link, then walks away: the attract screen comes, in Kazakh, and the
    # next visitor's touch opens the exhibition's home in Kazakh. The idle time is short from here
    # on only: the checks above may take longer than it on a busy machine, and the attract screen
    # would then cut into their navigation.
    settings.MEMORIA_KIOSK_IDLE_MINUTES = 0.05  # three seconds
    page.goto(f"{site}/ru/items/{record.pk}/")
    page.locator(".main-nav a").nth(1).click()
    page.wait_for_url(re.compile(r"/ru/items/$"))
    started = time.monotonic()
    page.wait_for_url(re.compile(r"/kk/kiosk/attract/$"), timeout=15_000)
    assert time.monotonic() - started >= 2
    page.locator(".attract").click()
    page.wait_for_url(re.compile(r"/kk/$"))
    assert page.js_errors == []


def test_leaving_kiosk_mode_restores_the_ordinary_site(site, page):
    page.goto(f"{site}/en/kiosk/")
    assert "kiosk" in (page.locator("body").get_attribute("class") or "")
    page.goto(f"{site}/en/kiosk/exit/")
    assert re.search(r"/en/$", page.url)
    assert "kiosk" not in (page.locator("body").get_attribute("class") or "")
