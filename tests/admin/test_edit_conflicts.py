"""Two curators editing the same record: the second save over a newer version is refused, shown, re-applied.

All records here are SYNTHETIC test data ("Synthetic …"), not historical facts.
"""

import threading
import time

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test import Client
from django.utils.html import escape

from memoria.archive.models import Membership, NameVariant, Person, Place, Unit
from memoria.core import services
from memoria.core.errors import VersionConflict
from tests.admin.forms import add_inline_rows, form_data

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "memberships"


@pytest.fixture
def second_curator(db):
    user = User.objects.create_user("second-curator", password="a-long-test-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    return user


@pytest.fixture
def second_client(second_curator):
    browser = Client()
    browser.force_login(second_curator)
    return browser


@pytest.fixture
def place(db):
    return Place.objects.create(name_en="Synthetic place", description_en="Synthetic first description")


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def conflict_page(response) -> str:
    assert response.status_code == 409, response.content.decode()[:2000]
    html = response.content.decode()
    assert "Someone else saved this record after you opened it" in html
    return html


def table_row(html: str, label: str) -> str:
    """The conflict table's row of one field, from its <th> to the end of the row."""
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start:html.index("</tr>", start)]


def test_the_second_save_is_refused_shows_the_other_change_and_reapplies_on_top(
        curator_client, second_client, place):
    url = change_url(place)
    form_a, form_b = form_data(curator_client.get(url)), form_data(second_client.get(url))

    form_a["description_en"] = "Synthetic description by the first curator"
    assert curator_client.post(url, form_a).status_code == 302
    history_before = place.history.count()

    form_b["name_en"] = "Synthetic name by the second curator"
    html = conflict_page(second_client.post(url, form_b))

    # Nothing of B's save was written.
    place.refresh_from_db()
    assert place.name_en == "Synthetic place"
    assert place.description_en == "Synthetic description by the first curator"
    assert place.history.count() == history_before

    # A's change, field by field: the value B opened, A's stored value, B's (untouched) value, who.
    row = table_row(html, "Description [en]")
    assert row.count("Synthetic first description") == 2  # when opened, and B's form still had it
    assert "Synthetic description by the first curator" in row
    assert "curator," in row
    # B's own change is listed as theirs and kept in the form.
    assert "Synthetic name by the second curator" in table_row(html, "Name [en]")

    # The form is the stored record plus B's change, at the new version: one more save applies it.
    again = form_data_of(html)
    assert again["description_en"].strip() == "Synthetic description by the first curator"
    assert again["name_en"] == "Synthetic name by the second curator"
    assert again["opened_version"] == services.version_of(place)
    assert second_client.post(url, again).status_code == 302
    place.refresh_from_db()
    assert place.name_en == "Synthetic name by the second curator"
    assert place.description_en == "Synthetic description by the first curator"
    assert place.history.first().history_user.username == "second-curator"


def form_data_of(html: str) -> dict:
    class Page:
        content = html.encode()
    return form_data(Page)


def test_both_changed_the_same_field_the_page_shows_both_and_the_form_keeps_yours(
        curator_client, second_client, place):
    url = change_url(place)
    form_a, form_b = form_data(curator_client.get(url)), form_data(second_client.get(url))
    form_a["description_en"] = "Synthetic description A"
    assert curator_client.post(url, form_a).status_code == 302
    form_b["description_en"] = "Synthetic description B"
    html = conflict_page(second_client.post(url, form_b))
    row = table_row(html, "Description [en]")
    assert "Synthetic description A" in row and "Synthetic description B" in row
    assert "you changed it too" in row
    assert form_data_of(html)["description_en"].strip() == "Synthetic description B"
    assert Place.objects.get(pk=place.pk).description_en == "Synthetic description A"


@pytest.fixture
def membership(db):
    person = Person.objects.create(name_en="Synthetic person", sort_name="Person, Synthetic")
    unit = Unit.objects.create(name_en="Synthetic unit")
    return Membership.objects.create(person=person, unit=unit, role_en="Synthetic role")


def test_an_inline_row_changed_by_someone_else_is_a_conflict(curator_client, second_client, membership):
    person, unit = membership.person, membership.unit
    # A edits the membership on the unit's page; B has the person's page open, with that row inline.
    form_b = form_data(second_client.get(change_url(person)))
    form_a = form_data(curator_client.get(change_url(unit)))
    form_a[f"{MEMBERSHIPS}-0-role_en"] = "Synthetic role changed by the first curator"
    assert curator_client.post(change_url(unit), form_a).status_code == 302

    form_b["biography_en"] = "Synthetic biography by the second curator"
    html = conflict_page(second_client.post(change_url(person), form_b))
    person.refresh_from_db()
    membership.refresh_from_db()
    assert not person.biography_en  # B's change of the person itself was not stored either
    assert membership.role_en == "Synthetic role changed by the first curator"

    row = table_row(html, "Role [en]")
    assert "Synthetic role changed by the first curator" in row and "curator," in row

    again = form_data_of(html)
    assert again[f"{MEMBERSHIPS}-0-role_en"] == "Synthetic role changed by the first curator"
    assert again["biography_en"].strip() == "Synthetic biography by the second curator"
    assert second_client.post(change_url(person), again).status_code == 302
    person.refresh_from_db()
    membership.refresh_from_db()
    assert person.biography_en == "Synthetic biography by the second curator"
    assert membership.role_en == "Synthetic role changed by the first curator"


def test_deleting_a_row_someone_else_changed_is_refused(curator_client, second_client, membership):
    person, unit = membership.person, membership.unit
    form_b = form_data(second_client.get(change_url(person)))
    form_a = form_data(curator_client.get(change_url(unit)))
    form_a[f"{MEMBERSHIPS}-0-role_en"] = "Synthetic role changed by the first curator"
    assert curator_client.post(change_url(unit), form_a).status_code == 302

    form_b[f"{MEMBERSHIPS}-0-DELETE"] = "on"
    html = conflict_page(second_client.post(change_url(person), form_b))
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert form_data_of(html).get(f"{MEMBERSHIPS}-0-DELETE") == "on"  # B's deletion is offered again


def test_new_rows_the_curator_added_come_back_in_the_reshown_form(curator_client, second_client, membership):
    person = membership.person
    url = change_url(person)
    form_a, form_b = form_data(curator_client.get(url)), form_data(second_client.get(url))
    form_a["biography_en"] = "Synthetic biography A"
    assert curator_client.post(url, form_a).status_code == 302
    add_inline_rows(form_b, "name_variants", [{"text": "Synthetic spelling B", "script": "Latn",
                                               "language": "en", "kind": "archive"}])
    html = conflict_page(second_client.post(url, form_b))
    assert not NameVariant.objects.filter(text="Synthetic spelling B").exists()
    again = form_data_of(html)
    assert "Synthetic spelling B" in again.values()
    assert second_client.post(url, again).status_code == 302
    person.refresh_from_db()
    assert person.biography_en == "Synthetic biography A"
    assert list(person.name_variants.values_list("text", flat=True)) == ["Synthetic spelling B"]


def test_one_curator_saving_again_and_again_meets_no_conflict(curator_client, membership):
    person = membership.person
    url = change_url(person)
    for text in ("Synthetic biography one", "Synthetic biography two"):
        data = form_data(curator_client.get(url))
        data["biography_en"] = text
        data[f"{MEMBERSHIPS}-0-role_en"] = f"Synthetic role for {text}"
        data["_continue"] = "1"
        assert curator_client.post(url, data).status_code == 302
    person.refresh_from_db()
    membership.refresh_from_db()
    assert person.biography_en == "Synthetic biography two"
    assert membership.role_en == "Synthetic role for Synthetic biography two"


def test_add_forms_are_unaffected(curator_client):
    data = form_data(curator_client.get("/admin/archive/place/add/"))
    assert data["opened_version"] == ""
    data["name_en"] = "Synthetic new place"
    assert curator_client.post("/admin/archive/place/add/", data).status_code == 302
    assert Place.objects.filter(name_en="Synthetic new place").exists()


def test_a_change_form_without_its_version_is_refused_with_a_reason(curator_client, place):
    data = form_data(curator_client.get(change_url(place)))
    del data["opened_version"]
    data["name_en"] = "Synthetic name"
    response = curator_client.post(change_url(place), data)
    assert response.status_code == 200
    assert escape("does not say which version of the record it was opened at") in response.content.decode()
    place.refresh_from_db()
    assert place.name_en == "Synthetic place"


def test_the_conflict_page_is_translated(curator_client, second_client, place):
    url = change_url(place)
    form_a, form_b = form_data(curator_client.get(url)), form_data(second_client.get(url))
    form_a["description_en"] = "Synthetic description A"
    assert curator_client.post(url, form_a).status_code == 302
    second_client.cookies["django_language"] = "ru"
    response = second_client.post(url, form_b, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 409
    assert "Кто-то другой сохранил эту запись" in response.content.decode()


def test_reverting_from_history_over_a_newer_version_is_refused(curator_client, second_client, place):
    first = place.history.last()
    revert_url = f"/admin/archive/place/{place.pk}/history/{first.history_id}/"
    form_b = form_data(second_client.get(revert_url))
    form_a = form_data(curator_client.get(change_url(place)))
    form_a["description_en"] = "Synthetic description A"
    assert curator_client.post(change_url(place), form_a).status_code == 302
    response = second_client.post(revert_url, form_b, follow=True)
    assert "nothing was reverted" in response.content.decode()
    place.refresh_from_db()
    assert place.description_en == "Synthetic description A"


def test_the_action_refuses_a_stale_version_inside_its_transaction(curator, place):
    opened = services.version_of(place)
    services.save(Place.objects.get(pk=place.pk), curator, version=opened)  # someone saves first
    stale = Place.objects.get(pk=place.pk)
    stale.name_en = "Synthetic stale name"
    with pytest.raises(VersionConflict):
        services.save(stale, curator, version=opened)
    assert Place.objects.get(pk=place.pk).name_en == "Synthetic place"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="the test database is SQLite's in-memory one, "
                    "whose shared cache refuses a second writer instead of making it wait")
def test_two_simultaneous_saves_cannot_both_pass(curator, second_curator):
    """The first save holds the row until it commits; the second waits, then finds the newer version."""
    place = Place.objects.create(name_en="Synthetic place")
    opened = services.version_of(place)
    first_has_checked, commit_first = threading.Event(), threading.Event()

    def first_save():
        try:
            with transaction.atomic():  # the admin's transaction around a save
                mine = Place.objects.get(pk=place.pk)
                mine.name_en = "Synthetic name A"
                services.save(mine, curator, clean=False, version=opened)
                first_has_checked.set()
                commit_first.wait(10)
        finally:
            connection.close()

    first = threading.Thread(target=first_save)
    first.start()
    assert first_has_checked.wait(10)
    threading.Timer(0.5, commit_first.set).start()
    started = time.monotonic()
    stale = Place.objects.get(pk=place.pk)
    stale.name_en = "Synthetic name B"
    with pytest.raises(VersionConflict), transaction.atomic():
        services.save(stale, second_curator, clean=False, version=opened)
    first.join(10)
    assert time.monotonic() - started >= 0.4  # it waited for the first save's lock
    assert Place.objects.get(pk=place.pk).name_en == "Synthetic name A"
