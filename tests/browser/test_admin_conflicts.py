"""Two curators in two browsers edit the same place: the second save is stopped, shown, and re-applied.

The place is SYNTHETIC test data, not a historical fact.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group, User

from memoria.archive.models import Place
from memoria.core.roles import CURATOR, ensure_roles
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-123"


def curator_named(username):
    ensure_roles()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR))
    return user


def browser_of(chromium, live_server, username):
    """A separate browser (its own cookies) with `username` logged in through the admin's form."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("input[type=submit]").click()
    tab.wait_for_url(re.compile(r"/admin/$"))
    return context, tab


def panel_violations(tab):
    """axe-core on the conflict panel (the admin around it is Django's and modeltranslation's)."""
    axe_violations(tab)  # loads axe-core into the page
    result = tab.evaluate("async () => JSON.stringify(await axe.run('#edit-conflict'))")
    return [v["id"] for v in json.loads(result)["violations"] if v.get("impact") in ("serious", "critical")]


def edit(tab, field_id, text):
    """Type into a translated field: its language tab first, as a curator would."""
    field = tab.locator(f"#{field_id}")
    if not field.is_visible():
        language = field_id.rsplit("_", 1)[1]
        field.locator("xpath=ancestor::*[contains(@class,'ui-tabs')][1]").get_by_role(
            "tab", name=re.compile(rf"^{language}$", re.IGNORECASE)).click()
    field.fill(text)


def test_the_second_curator_sees_the_first_ones_change_and_reapplies_on_top(chromium, live_server):
    curator_named("first-curator")
    curator_named("second-curator")
    place = Place.objects.create(name_en="Synthetic place", description_en="Synthetic first description")
    url = f"{live_server.url}/admin/archive/place/{place.pk}/change/"
    first_context, first = browser_of(chromium, live_server, "first-curator")
    second_context, second = browser_of(chromium, live_server, "second-curator")
    try:
        first.goto(url)
        second.goto(url)

        edit(first, "id_description_en", "Synthetic description by the first curator")
        first.locator("input[name=_save]").first.click()
        first.wait_for_url(re.compile(r"/admin/archive/place/$"))

        edit(second, "id_name_en", "Synthetic name by the second curator")
        second.locator("input[name=_save]").first.click()
        conflict = second.locator("#edit-conflict")
        conflict.wait_for()
        assert "Someone else saved this record after you opened it" in conflict.inner_text()
        row = conflict.locator("tr", has=second.locator("th", has_text="Description [en]"))
        assert "Synthetic first description" in row.inner_text()
        assert "Synthetic description by the first curator" in row.inner_text()
        assert "first-curator" in row.inner_text()
        place.refresh_from_db()
        assert place.name_en == "Synthetic place"  # nothing of the second save was stored
        assert panel_violations(second) == []

        # The form holds both changes now; one more save stores them.
        assert second.locator("#id_name_en").input_value() == "Synthetic name by the second curator"
        second.locator("input[name=_save]").first.click()
        second.wait_for_url(re.compile(r"/admin/archive/place/$"))
        place.refresh_from_db()
        assert place.name_en == "Synthetic name by the second curator"
        assert place.description_en == "Synthetic description by the first curator"
    finally:
        first_context.close()
        second_context.close()
