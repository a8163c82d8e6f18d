"""A curator reviews a pair in the queue, merges it, follows the old address to the kept record,
and undoes the merge. The second record is SYNTHETIC test data (a spelling of a demo person)."""

import json
import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from memoria.core.roles import CURATOR, ensure_roles
from tests.browser.conftest import axe_violations
from tests.duplicates.merge_data import koishybayev_twice, pair

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-123"


def logged_in_curator(chromium, base_url):
    ensure_roles()
    user = User.objects.create_user("queue-curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR))
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto(f"{base_url}/admin/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("input[type=submit]").click()
    tab.wait_for_url(re.compile(r"/admin/$"))
    return context, tab


def test_a_curator_merges_a_pair_from_the_queue_and_undoes_it(chromium, site):
    first, second, _source = koishybayev_twice()
    candidate = pair(first, second, 0.93, ["names agree: Абибулла Койшыбаев ~ Абибулла Койшибаев"])
    context, tab = logged_in_curator(chromium, site)
    try:
        tab.goto(f"{site}/admin/duplicates/candidatepair/")
        assert tab.get_by_text("names agree: Абибулла Койшыбаев ~ Абибулла Койшибаев").is_visible()
        tab.locator(f'a[href$="/candidatepair/{candidate.pk}/change/"]').click()
        expect(tab.get_by_text("Koichibaev Abibulla").first).to_be_visible()
        assert tab.locator("tr.pair-differs").count() >= 2
        axe_violations(tab)  # loads axe-core
        found = json.loads(tab.evaluate("async () => JSON.stringify(await axe.run('.pair-review'))"))
        assert [v["id"] for v in found["violations"] if v.get("impact") in ("serious", "critical")] == []

        kept = "b" if candidate.person_b_id == first.pk else "a"
        tab.locator(f'input[name="survivor"][value="{kept}"]').check()
        tab.get_by_role("button", name="Same person → merge").click()
        expect(tab.get_by_text("Merged:")).to_be_visible()

        tab.goto(f"{site}/en/people/{second.pk}/")
        assert tab.url == f"{site}/en/people/{first.pk}/"
        assert tab.get_by_text("Koichibaev Abibulla").first.is_visible()  # the other record's spelling

        tab.goto(f"{site}/admin/archive/person/{first.pk}/change/")
        tab.get_by_role("button", name="Undo merge").click()
        expect(tab.get_by_text("The merge was undone")).to_be_visible()

        tab.goto(f"{site}/en/people/{second.pk}/")
        assert tab.url == f"{site}/en/people/{second.pk}/"
        assert tab.get_by_role("heading", name="Abibulla Koichibaev").is_visible()
    finally:
        context.close()
