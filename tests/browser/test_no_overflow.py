"""No page is wider than the screen, whatever the length of a name; lists and the timeline keep
their shape on a phone.

The 100-character names and titles are SYNTHETIC test data ("Test…"), not historical records.
"""

import re

import pytest
from django.contrib.auth.models import Group, User

from memoria.archive.models import Item, ItemPerson, Person
from memoria.core.roles import CURATOR, ensure_roles
from memoria.exhibitions.models import Entry, Exhibition

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["kk", "ru", "en", "fr"]
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
UNBROKEN = ("Test" * 25)[:100]  # one "word" of 100 letters, as a careless import might leave
SPACED = ("Test name of synthetic test data " * 4)[:100].strip()
PASSWORD = "a-long-test-password-123"
# A phone browser zooms out to show a page wider than the screen, and its window.innerWidth
# grows with the page: the width to compare with is the screen's own.
OVERFLOW = "() => document.documentElement.scrollWidth"


def long_records():
    """Two people and two items with 100-character names, shown in the exhibition."""
    people = [Person.objects.create(**{f"name_{code}": text for code in LANGUAGES}, is_published=True)
              for text in (UNBROKEN, SPACED)]
    items = [Item.objects.create(inventory_number=f"TEST-LONG-{n}", kind=Item.Kind.DOCUMENT,
                                 **{f"title_{code}": text for code in LANGUAGES}, is_published=True)
             for n, text in enumerate((UNBROKEN, SPACED), start=1)]
    ItemPerson.objects.create(item=items[0], person=people[0], role=ItemPerson.Role.MENTIONS)
    section = Exhibition.objects.get().sections.order_by("position", "pk").first()
    for position, (item, person) in enumerate(zip(items, people), start=90):
        Entry.objects.create(section=section, item=item, position=position)
        Entry.objects.create(section=section, person=person, position=position)
    return people, items, section


def screen(chromium, size, locale="en-GB"):
    context = chromium.new_context(viewport=SCREENS[size], is_mobile=size == "phone",
                                   has_touch=size == "phone", locale=locale)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def public_pages(people, items, section):
    ex = section.exhibition
    return {
        "home": "/{lang}/",
        "section": f"/{{lang}}/exhibitions/{ex.slug}/{section.slug}/",
        "people": "/{lang}/people/",
        "person (one long word)": f"/{{lang}}/people/{people[0].pk}/",
        "person (spaced words)": f"/{{lang}}/people/{people[1].pk}/",
        "items": "/{lang}/items/",
        "item (one long word)": f"/{{lang}}/items/{items[0].pk}/",
        "item (spaced words)": f"/{{lang}}/items/{items[1].pk}/",
        "map": "/{lang}/map/",
        "timeline": "/{lang}/timeline/",
        "search results": f"/{{lang}}/search/?q={UNBROKEN[:40]}",
        "error page (not found)": "/{lang}/items/999999999/",
        "error page (query too long)": "/{lang}/search/?q=" + "Test" * 60,
    }


@pytest.mark.parametrize("size", list(SCREENS))
def test_no_page_is_wider_than_the_screen(site, chromium, size):
    pages = public_pages(*long_records())
    context, tab = screen(chromium, size)
    wide = []
    try:
        for lang in LANGUAGES:
            for name, path in pages.items():
                tab.goto(site + path.format(lang=lang))
                tab.wait_for_load_state("load")
                scroll_width = tab.evaluate(OVERFLOW)
                if scroll_width > SCREENS[size]["width"]:
                    wide.append(f"{lang} {name}: {scroll_width}px on a {SCREENS[size]['width']}px screen")
    finally:
        context.close()
    assert wide == []


def test_a_long_title_stays_inside_the_back_offices_item_form(site, chromium):
    _people, items, _section = long_records()
    ensure_roles()
    curator = User.objects.create_user("layout-curator", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATOR))
    context, tab = screen(chromium, "desktop")
    try:
        tab.goto(f"{site}/admin/login/")
        tab.fill("#id_username", "layout-curator")
        tab.fill("#id_password", PASSWORD)
        tab.locator("input[type=submit]").click()
        tab.wait_for_url(re.compile(r"/admin/$"))
        # The long title, and a demo item whose citation holds a quotation (a wide textarea).
        for item in [items[0], Item.objects.get(inventory_number="DEMO-04")]:
            tab.goto(f"{site}/admin/archive/item/{item.pk}/change/")
            tab.wait_for_load_state("load")
            assert tab.locator("#id_title_en").count() == 1  # the form itself, not a refusal
            scroll_width = tab.evaluate(OVERFLOW)
            assert scroll_width <= SCREENS["desktop"]["width"], f"{item}: {scroll_width}px in a 1440px window"
    finally:
        context.close()


NUMBERS_ON_FIRST_LINE = """(selector) => Array.from(document.querySelectorAll(selector)).map(li => {
  const number = li.querySelector('.number').getBoundingClientRect();
  const text = li.querySelector('a, strong');
  const range = document.createRange();
  range.setStart(text.firstChild, 0);
  range.setEnd(text.firstChild, 1);
  const first = range.getClientRects()[0];
  return {title: text.textContent, numberTop: number.top, textTop: first.top,
          lines: Math.round(text.getBoundingClientRect().height / first.height)};
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_section_numbers_stay_on_the_first_line_of_their_title(site, chromium, lang):
    section = Exhibition.objects.get().sections.order_by("position", "pk").first()
    context, tab = screen(chromium, "phone")
    try:
        tab.goto(f"{site}/{lang}/exhibitions/{section.exhibition.slug}/{section.slug}/")
        rows = tab.evaluate(NUMBERS_ON_FIRST_LINE, ".sections-nav li")
        tab.goto(f"{site}/{lang}/")
        rows += tab.evaluate(NUMBERS_ON_FIRST_LINE, ".section-index li")
    finally:
        context.close()
    assert len(rows) >= 8
    # The check means something only if a title wraps on a phone (the memoirs' stand does).
    assert any(row["lines"] > 1 for row in rows), rows
    for row in rows:
        assert abs(row["numberTop"] - row["textTop"]) < 8, row


LABEL_BOXES = """() => Array.from(document.querySelectorAll('#events-timeline .vis-item .vis-item-content'))
  .map(label => { const r = label.getBoundingClientRect();
                  return {text: label.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
  .filter(r => r.right > r.left && r.bottom > r.top)"""


def overlapping(boxes):
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
            and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]


@pytest.mark.parametrize("size", list(SCREENS))
def test_timeline_labels_do_not_overlap(site, chromium, size):
    context, tab = screen(chromium, size)
    try:
        for lang in LANGUAGES:
            tab.goto(f"{site}/{lang}/timeline/")
            tab.locator("#events-timeline .vis-item").first.wait_for()
            tab.wait_for_timeout(300)  # the first drawing sets the window once more
            boxes = tab.evaluate(LABEL_BOXES)
            assert len(boxes) >= 3, (lang, boxes)
            assert overlapping(boxes) == [], (lang, size)
    finally:
        context.close()
