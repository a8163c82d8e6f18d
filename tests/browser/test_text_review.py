"""A curator pastes the exhibition's article in the back office, sees its mentions highlighted by
kind, and accepts a person with the keyboard alone; the archive then cites the article for him."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from memoria.archive.models import Person
from memoria.core.roles import CURATOR, ensure_roles
from memoria.sources.models import Citation
from memoria.texts.models import AcceptedProposal
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-123"
ARTICLE = Path("/work/shared/sources/exhibition-article-2025-02-01.txt")
if not ARTICLE.exists():  # the repository's copy of the same article
    ARTICLE = Path(__file__).parents[2] / "memoria/demo/data/source-article-2025-02-01.txt"


def log_in_as_curator(page, site):
    ensure_roles()
    user = User.objects.create_user("text-curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR))
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "text-curator")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def review_violations(page):
    """axe-core on the review screen itself (the admin's frame around it is Django's)."""
    axe_violations(page)  # loads axe-core into the page
    result = page.evaluate("async () => JSON.stringify(await axe.run('.text-review'))")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in json.loads(result)["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_a_curator_pastes_the_article_and_accepts_a_person_with_the_keyboard(site, page):
    log_in_as_curator(page, site)
    page.get_by_role("link", name="New source from a text").first.click()
    page.fill("#id_text", ARTICLE.read_text(encoding="utf-8"))
    page.fill("#id_title", "The exhibition's article (pasted in a test)")
    page.get_by_role("button", name="Read the text").click()
    page.wait_for_url(re.compile(r"/admin/texts/textextraction/\d+/change/$"))

    # Every kind of mention is highlighted in the text, with the legend naming the colours.
    for kind in ("people", "places", "units"):
        assert page.locator(f".text-body a.mention-{kind}").count() > 0, kind
    assert page.locator(".mention-legend li").count() == 5
    omarov_mention = page.locator(".text-body a.mention-people", has_text="Kabysh Omarov").first
    assert omarov_mention.is_visible()
    assert review_violations(page) == []

    # j moves from proposal to proposal; a accepts the one in focus.
    target = omarov_mention.get_attribute("data-proposal")
    ids = page.locator(".proposal").evaluate_all("nodes => nodes.map(n => n.id)")
    page.locator("h2#text-heading").click()           # the page has the keyboard, no field does
    for _step in range(ids.index(target) + 1):
        page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == target
    page.keyboard.press("a")
    page.wait_for_selector(f"#{target} .proposal-accepted")

    omarov = Person.objects.get(external_id="demo:person:kabysh-omarov")
    accepted = AcceptedProposal.objects.get(kind="people", name_key="kabysh omarov")
    assert accepted.record == omarov
    citation = Citation.objects.get(source=accepted.source, object_id=omarov.pk, content_type__model="person")
    assert citation.quote == "In particular, the glorious warriors Kabysh Omarov and Kadem Zhumaniyazov."
    link = page.locator(f"#{target} .proposal-accepted a")
    assert link.get_attribute("href") == f"/admin/archive/person/{omarov.pk}/change/"
    assert page.js_errors == []
