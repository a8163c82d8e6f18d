"""The hall's touchscreen, left alone, shows its attract screen; the next visitor's touch starts."""

import re

import pytest

from memoria.exhibitions.models import Entry, Exhibition
from memoria.sources.models import Citation
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

TOUCH_TO_BEGIN = {
    "kk": "Бастау үшін экранды түртіңіз",
    "ru": "Коснитесь экрана, чтобы начать",
    "en": "Touch the screen to begin",
    "fr": "Touchez l’écran pour commencer",
}
SHOWN_QUOTE = "() => document.querySelector('.attract-quote.is-shown blockquote').textContent"


def archive_words(lang):
    """Every text the attract screen may quote: the exhibition's text panels in the kiosk's
    language and the quotations of the sources cited."""
    panels = {getattr(entry, f"text_{lang}") or entry.text_en for entry in
              Entry.objects.filter(item=None, person=None)}
    return {text.strip() for text in panels | set(Citation.objects.values_list("quote", flat=True)) if text}


def test_the_attract_screen_comes_after_the_idle_time_and_a_touch_starts(site, page, settings):
    settings.MEMORIA_KIOSK_IDLE_MINUTES = 0.03  # under two seconds
    exhibition = Exhibition.objects.get()
    section = exhibition.sections.order_by("position", "pk").first()

    page.goto(f"{site}/fr/kiosk/")
    page.goto(f"{site}/fr/exhibitions/{exhibition.slug}/{section.slug}/")
    page.wait_for_url(re.compile(r"/fr/kiosk/attract/$"), timeout=15_000)

    # Full screen: the exhibition's title, a quotation from the archive, the four invitations.
    attract = page.locator(".attract")
    box = attract.bounding_box()
    viewport = page.viewport_size
    assert box["width"] >= viewport["width"] - 1 and box["height"] >= viewport["height"] - 1
    assert page.locator("h1").inner_text() == exhibition.title_fr
    for lang, words in TOUCH_TO_BEGIN.items():
        invitation = page.locator(f".attract-touch li[lang={lang}]")
        assert invitation.inner_text() == words
        assert invitation.is_visible()
    quotes = page.locator(".attract-quote blockquote").all_inner_texts()
    assert len(quotes) >= 2
    allowed = archive_words("fr")
    assert {quote.strip("“”") for quote in quotes} <= allowed
    assert page.locator(".attract-quote.is-shown").count() == 1
    assert axe_violations(page) == []

    # The quotations take turns.
    first = page.evaluate(SHOWN_QUOTE)
    page.wait_for_function(f"() => ({SHOWN_QUOTE})() !== {first!r}", timeout=15_000)

    # A touch (a click on a desktop) opens the exhibition's home, still in kiosk mode.
    if viewport["width"] < 600:  # the phone-sized window has a touchscreen
        attract.tap()
    else:
        attract.click()
    page.wait_for_url(re.compile(r"/fr/$"))
    assert "kiosk" in page.locator("body").get_attribute("class")
    assert page.locator(".main-nav a").count() == 5
    assert page.js_errors == []
