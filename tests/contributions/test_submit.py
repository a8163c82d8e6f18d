"""A visitor sends what they know from a person page, an item page or the exhibition home."""

import pytest
from django.core import mail

from memoria.contributions.models import Contribution
from tests.contributions.conftest import form_url, png_file, send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang,link", [("kk", "Білетініңізді қосыңыз"), ("ru", "Добавить то, что вы знаете"),
                                       ("en", "Add what you know"), ("fr", "Ajouter ce que vous savez")])
def test_a_published_person_page_links_to_the_form_in_its_language(client, person, lang, link):
    page = client.get(f"/{lang}/people/{person.pk}/").content.decode()
    assert link in page
    assert f'href="/{lang}/contribute/?about=person:{person.pk}"' in page


def test_item_page_links_to_the_form(client, item):
    page = client.get(f"/ru/items/{item.pk}/").content.decode()
    assert f'href="/ru/contribute/?about=item:{item.pk}"' in page


def test_the_exhibition_home_links_to_the_form_but_not_another_exhibitions_page(client, db):
    from memoria.exhibitions.models import Exhibition

    Exhibition.objects.create(slug="test-exhibition", title_en="Test exhibition", is_published=True)
    assert 'href="/fr/contribute/"' in client.get("/fr/").content.decode()
    assert 'href="/fr/contribute/"' not in client.get("/fr/exhibitions/test-exhibition/").content.decode()


def test_the_hall_kiosk_shows_no_link(client, person):
    """The hall's touchscreen is for reading: a family contributes from their own phone."""
    assert client.get("/kk/kiosk/").status_code == 302
    page = client.get(f"/kk/people/{person.pk}/").content.decode()
    assert 'class="kiosk"' in page
    assert "/kk/contribute/" not in page


@pytest.mark.parametrize("lang,promise", [
    ("kk", "Музей кураторы оқып, қабылдамайынша, сіз жіберген ештеңе жарияланбайды."),
    ("ru", "Ничего из того, что вы пришлёте, не будет опубликовано, пока куратор музея не прочтёт и не примет это."),
])
def test_the_form_says_nothing_is_public_until_a_curator_accepts(client, person, lang, promise):
    page = client.get(form_url(lang, f"person:{person.pk}")).content.decode()
    assert promise in page
    assert 'type="file" name="files"' in page and "multiple" in page
    assert 'name="field"' in page          # a correction names one of the page's facts
    assert 'value="birth_date"' in page


@pytest.mark.parametrize("about", ["person:999999", "item:999999", "unit:1", "person:abc"])
def test_a_form_about_a_record_that_does_not_exist_is_404(client, db, about):
    assert client.get(form_url("en", about)).status_code == 404


def test_a_form_about_an_unpublished_person_is_404(client, person):
    person.is_published = False
    person.save()
    assert client.get(form_url("en", f"person:{person.pk}")).status_code == 404
    assert f"about=person:{person.pk}" not in client.get(f"/en/people/{person.pk}/").content.decode()


def test_a_story_with_a_photograph_sent_in_kazakh(client, person):
    response = send(client, "kk", f"person:{person.pk}", files=[png_file()])
    assert response.status_code == 302
    received = client.get(response["Location"])
    page = received.content.decode()
    assert "Рахмет" in page
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.RECEIVED
    assert contribution.language == "kk"
    assert contribution.subject == person
    assert contribution.sent_from == f"/kk/people/{person.pk}/"
    assert [f.content_type for f in contribution.files.all()] == ["image/png"]
    # The secret link is on the page, once; only its hash is stored.
    token = page.split("/kk/contributions/")[1].split("/")[0]
    assert len(token) >= 43 and token not in contribution.token_hash
    assert "/kk/contributions/" not in client.get(response["Location"]).content.decode()
    # ... and e-mailed, in Kazakh.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["family@example.org"]
    assert f"/kk/contributions/{token}/" in mail.outbox[0].body
    assert "куратор" in mail.outbox[0].body
    # The person page stays as it was: nothing public yet.
    assert "My grandfather wrote letters home" not in client.get(f"/kk/people/{person.pk}/").content.decode()


def test_a_correction_in_russian_names_the_fact(client, person):
    response = send(client, "ru", f"person:{person.pk}", kind="correction", field="birth_date",
                    proposed_value="1921", text="")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.field, contribution.proposed_value) == ("correction", "birth_date", "1921")
    assert "Тестовый Человек" not in mail.outbox[0].body  # the mail speaks of the contribution, in Russian
    assert "Ваш вклад" in mail.outbox[0].subject or "получен" in mail.outbox[0].subject


def test_a_correction_of_a_fact_the_page_does_not_have_is_refused(client, person):
    response = send(client, "en", f"person:{person.pk}", kind="correction", field="is_published", proposed_value="x")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_missing_person_from_the_exhibition_home(client, db):
    response = send(client, "fr", kind="missing_person", person_name="Test Missing Person", text="")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.subject is None and contribution.person_name == "Test Missing Person"
    assert contribution.sent_from == "/fr/"


def test_required_fields_are_named_in_the_visitors_language(client, person):
    response = send(client, "ru", f"person:{person.pk}", text="", contributor_email="not an e-mail",
                    rights_confirmed="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Пожалуйста, напишите историю." in page
    assert "Пожалуйста, подтвердите, что у вас есть права на то, что вы присылаете." in page
    assert not Contribution.objects.exists()
    # What the visitor typed is kept.
    assert "Test Contributor" in page


def test_photographs_without_a_file_are_refused(client, person):
    response = send(client, "en", f"person:{person.pk}", kind="photos", text="")
    assert response.status_code == 400
    assert "Please choose the photographs or scans to send." in response.content.decode()


def test_the_contributors_name_and_email_are_not_on_any_public_page(client, person):
    send(client, "en", f"person:{person.pk}")
    for path in (f"/en/people/{person.pk}/", "/en/people/", "/en/search/?q=Contributor"):
        page = client.get(path).content.decode()
        assert "family@example.org" not in page and "Test Contributor" not in page
