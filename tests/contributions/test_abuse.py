"""Spam and abuse: honeypot, too fast, over the limits (address and e-mail), fake and oversized
files, and markup in every text field. Each refusal is told to the visitor in their language and
stores nothing."""

import io

import pytest

from memoria.contributions.models import Contribution, ContributionFile
from memoria.contributions.services import submit
from tests.contributions.conftest import (
    SHOWN,
    form_url,
    open_form,
    png_file,
    send,
    story,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def test_the_honeypot_filled_in_is_refused(client, person):
    response = send(client, "ru", f"person:{person.pk}", website="http://spam.example.org")
    assert response.status_code == 400
    assert "поле, которое люди не видят" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_form_sent_faster_than_a_person_fills_it_in_is_refused(client, person, settings):
    settings.MEMORIA_CONTRIBUTION_MIN_SECONDS = 3600
    response = send(client, "kk", f"person:{person.pk}")
    assert response.status_code == 400
    assert "автоматты бағдарлама" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_form_without_its_signed_stamp_is_refused(client, person):
    response = client.post(form_url("en", f"person:{person.pk}"), story(shown="forged"))
    assert response.status_code == 400
    assert "Please reload the page" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_burst_of_1000_from_one_address_stores_at_most_the_limit(client, person, settings):
    settings.MEMORIA_CONTRIBUTION_RATE_LIMIT = "5/3600"
    shown = open_form(client, "ru", f"person:{person.pk}")
    statuses = []
    for n in range(1000):
        # A different e-mail each time: the address alone must stop them.
        response = client.post(form_url("ru", f"person:{person.pk}"),
                               story(shown=shown, contributor_email=f"bot{n}@example.org"))
        statuses.append(response.status_code)
    assert Contribution.objects.count() == 5
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert response.has_header("Retry-After")
    assert "слишком много материалов" in response.content.decode()
    # The site still answers its ordinary pages.
    assert client.get(f"/ru/people/{person.pk}/").status_code == 200


def test_one_email_from_many_addresses_is_limited(client, person, settings):
    settings.MEMORIA_CONTRIBUTION_RATE_LIMIT = "2/3600"
    shown = open_form(client, "en", f"person:{person.pk}")
    statuses = [client.post(form_url("en", f"person:{person.pk}"), story(shown=shown),
                            REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(1, 5)]
    assert statuses == [302, 302, 429, 429]
    assert Contribution.objects.count() == 2


def test_the_limit_counts_through_the_action_for_every_client(person, settings):
    """The API's anonymous clients go through the same action, hence the same counts."""
    settings.MEMORIA_CONTRIBUTION_RATE_LIMIT = "1/3600"
    data = {**story(rights_confirmed=True), "about": f"person:{person.pk}", "language": "en"}
    submit(data, [], client_address="198.51.100.7", started_at=None, honeypot="")
    from memoria.contributions.errors import Refused
    with pytest.raises(Refused) as refused:
        submit({**data, "contributor_email": "other@example.org"}, [], client_address="198.51.100.7",
               started_at=None, honeypot="")
    assert refused.value.code == "rate_limited" and refused.value.retry_after > 0


def test_a_text_file_renamed_jpg_is_refused(client, person):
    fake = io.BytesIO(b"This is plain text pretending to be a photograph.\n" * 20)
    fake.name = "grandfather.jpg"
    response = send(client, "ru", f"person:{person.pk}", files=[fake])
    page = response.content.decode()
    assert response.status_code == 400
    assert "grandfather.jpg" in page
    assert not Contribution.objects.exists() and not ContributionFile.objects.exists()


def test_an_svg_is_refused_even_though_it_is_an_image(client, person):
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    svg.name = "photo.svg"
    response = send(client, "en", f"person:{person.pk}", files=[svg])
    assert response.status_code == 400
    assert "photo.svg" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_file_over_the_size_limit_is_stopped_while_it_arrives(client, person, settings):
    """The limit is lowered to 64 kB for the test: the same path a 200 MB file takes, without 200 MB."""
    settings.MEMORIA_CONTRIBUTION_MAX_FILE_BYTES = 64 * 1024
    big = png_file("big.png", size=(1200, 1200))
    big = io.BytesIO(big.getvalue() + b"\0" * (200 * 1024))
    big.name = "big.png"
    response = send(client, "ru", f"person:{person.pk}", files=[big])
    page = response.content.decode()
    assert response.status_code == 413
    assert "big.png" in page and "0.062" in page
    assert "MEMORIA_" not in page                       # a visitor is not told about settings
    assert "Добавить то, что вы знаете" in page          # the form again, in the visitor's language
    assert not Contribution.objects.exists()


def test_too_many_files_are_refused(client, person, settings):
    settings.MEMORIA_CONTRIBUTION_MAX_FILES = 2
    response = send(client, "en", f"person:{person.pk}", files=[png_file(f"p{n}.png") for n in range(3)])
    assert response.status_code == 400
    assert "at most 2 files" in response.content.decode()
    assert not Contribution.objects.exists()


def test_script_in_every_text_field_is_stored_as_text_and_shown_escaped(client, person):
    fields = {"text": f"Story {SCRIPT}", "contributor_name": f"Name {SCRIPT}", "relation": f"Relation {SCRIPT}"}
    response = send(client, "en", f"person:{person.pk}", **fields)
    status_url = client.get(response["Location"]).content.decode().split('class="secret-link"><a href="')[1].split('"')[0]
    page = client.get(status_url).content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # The correction and the missing person's name too.
    for kind, extra in (("correction", {"field": "name", "proposed_value": f"Value {SCRIPT}"}),
                        ("missing_person", {"person_name": f"Person {SCRIPT}"})):
        response = send(client, "en", f"person:{person.pk}", kind=kind, contributor_email=f"{kind}@example.org",
                        **extra)
        status_url = client.get(response["Location"]).content.decode().split('class="secret-link"><a href="')[1].split('"')[0]
        page = client.get(status_url).content.decode()
        assert SCRIPT not in page and "&lt;script&gt;" in page
    # A refused form shows the typed script escaped as well.
    response = send(client, "en", f"person:{person.pk}", rights_confirmed="", text=SCRIPT, contributor_name=SCRIPT)
    assert response.status_code == 400
    assert SCRIPT not in response.content.decode()


def test_control_and_direction_characters_are_removed(client, person):
    send(client, "en", f"person:{person.pk}", text="Plain\x07 text\u202e reversed\x1b?")
    assert Contribution.objects.get().text == "Plain text reversed?"


def test_the_form_carries_a_fresh_signed_stamp(client, person):
    page = client.get(form_url("en", f"person:{person.pk}")).content.decode()
    assert SHOWN.search(page)
    assert 'class="trap" aria-hidden="true"' in page
