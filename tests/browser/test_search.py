"""A visitor searches the archive from the header box, narrows by a facet and opens a result."""

import re

import pytest

from memoria.archive.models import Item
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_searches_narrows_by_a_facet_and_opens_a_result(site, page):
    certificate = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    page.goto(f"{site}/en/")
    box = page.get_by_label("Search the archive", exact=True).first
    if not box.is_visible():  # a phone: the header's search folds into a link to the search page
        page.get_by_role("link", name="Search the archive").click()
        page.wait_for_url(re.compile(r"/en/search/$"))
        box = page.get_by_label("Words, a name or an inventory number")
    box.fill("Koishybayev")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q=Koishybayev"))
    results = page.locator("ol.matches > li")
    assert results.count() >= 2
    assert "Person" in results.first.text_content()  # the person first, found by the name search
    assert page.locator("ol.matches mark").first.is_visible()

    # Narrow to objects and documents: the checkbox applies at once.
    page.locator("label.facet-value", has_text="Objects and documents").click()
    page.wait_for_url(re.compile(r"type=item"))
    kinds = page.locator("ol.matches .result-type").all_text_contents()
    assert kinds and set(kinds) == {"Object or document"}
    assert page.locator("input[name=type][value=item]").is_checked()
    assert axe_violations(page) == []

    # Open the certificate.
    page.locator("ol.matches a", has_text="certificate").first.click()
    page.wait_for_url(re.compile(rf"/en/items/{certificate.pk}/$"))
    assert "certificate" in page.locator("h1").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.js_errors == []


def test_the_search_page_works_without_javascript(site, chromium):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{site}/ru/search/?q=РАДИО")
        assert tab.locator("ol.matches > li").count() >= 1
        tab.locator("label.facet-value", has_text="Предметы и документы").click()
        tab.get_by_role("button", name="Применить фильтры").click()
        tab.wait_for_url(re.compile(r"type=item"))
        assert set(tab.locator("ol.matches .result-type").all_text_contents()) == {"Предмет или документ"}
    finally:
        context.close()
