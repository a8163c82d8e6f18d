"""The contributor's secret status link: what it shows at each step, withdrawing, and that no one
else can reach a contribution or its files."""

import pytest
from django.core import mail

from memoria.contributions import moderation
from memoria.contributions.models import Contribution
from tests.contributions.conftest import png_file, sent_token

pytestmark = pytest.mark.django_db


def status_url(lang, token):
    return f"/{lang}/contributions/{token}/"


def test_the_status_page_says_received_and_is_not_indexed(client, person):
    token = sent_token(client, "ru", f"person:{person.pk}")
    response = client.get(status_url("ru", token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Получено" in page
    assert "My grandfather wrote letters home" in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


def test_the_status_follows_the_curators_decisions(client, person, curator):
    token = sent_token(client, "kk", f"person:{person.pk}")
    contribution = Contribution.objects.get()
    moderation.start_review(contribution, curator)
    assert "Қаралуда" in client.get(status_url("kk", token)).content.decode()
    moderation.ask_more(contribution, curator, "Please send the back of the photograph too.")
    page = client.get(status_url("kk", token)).content.decode()
    assert "Please send the back of the photograph too." in page
    moderation.decline(Contribution.objects.get(), curator, "We could not confirm it from any record.")
    page = client.get(status_url("kk", token)).content.decode()
    assert "Қабылданбады" in page and "We could not confirm it from any record." in page
    assert "Withdraw" not in page and 'contribution_withdraw' not in page
    # The contributor was told by e-mail each time, in Kazakh.
    assert [m.to for m in mail.outbox] == [["family@example.org"]] * 3
    assert "We could not confirm it from any record." in mail.outbox[-1].body


def test_withdrawing_while_it_waits(client, person):
    token = sent_token(client, "ru", f"person:{person.pk}")
    response = client.post(f"/ru/contributions/{token}/withdraw/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Отозвано" in page
    assert Contribution.objects.get().status == Contribution.Status.WITHDRAWN
    # Twice is refused, saying why.
    again = client.post(f"/ru/contributions/{token}/withdraw/")
    assert again.status_code == 409
    assert Contribution.objects.get().status == Contribution.Status.WITHDRAWN


def test_a_decided_contribution_cannot_be_withdrawn(client, person, curator):
    token = sent_token(client, "en", f"person:{person.pk}")
    moderation.decline(Contribution.objects.get(), curator, "Not about this person.")
    response = client.post(f"/en/contributions/{token}/withdraw/")
    assert response.status_code == 409
    assert "can no longer be withdrawn" in response.content.decode()
    assert Contribution.objects.get().status == Contribution.Status.DECLINED


def test_withdrawing_needs_a_post(client, person):
    token = sent_token(client, "en", f"person:{person.pk}")
    assert client.get(f"/en/contributions/{token}/withdraw/").status_code == 405
    assert Contribution.objects.get().status == Contribution.Status.RECEIVED


def test_another_visitors_token_or_a_made_up_one_is_404(client, person):
    token = sent_token(client, "en", f"person:{person.pk}")
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 300,
                  Contribution.objects.get().token_hash):
        assert client.get(status_url("en", wrong)).status_code == 404
        assert client.post(f"/en/contributions/{wrong}/withdraw/").status_code == 404
    assert Contribution.objects.get().status == Contribution.Status.RECEIVED


def test_the_status_link_is_shown_once(client, person):
    from tests.contributions.conftest import send

    response = send(client, "en", f"person:{person.pk}")
    first = client.get(response["Location"]).content.decode()
    second = client.get(response["Location"]).content.decode()
    assert "/en/contributions/" in first
    assert "/en/contributions/" not in second
    assert "was shown once and sent to your e-mail address" in second


def test_files_of_a_declined_or_withdrawn_contribution_have_no_url(client, person, curator, settings):
    declined_token = sent_token(client, "en", f"person:{person.pk}", files=[png_file("declined.png")])
    moderation.decline(Contribution.objects.get(), curator, "Not about this person.")
    withdrawn_token = sent_token(client, "en", f"person:{person.pk}", files=[png_file("withdrawn.png")],
                                 contributor_email="other@example.org")
    client.post(f"/en/contributions/{withdrawn_token}/withdraw/")
    for contribution in Contribution.objects.all():
        for record in contribution.files.all():
            stored = record.file.name
            # Kept outside the media directory, and the storage has no URL to give.
            assert not str(record.file.path).startswith(str(settings.MEDIA_ROOT))
            with pytest.raises(ValueError):
                record.file.url  # noqa: B018
            for path in (f"/media/{stored}", f"/media/contributions/{stored}", f"/media/../contributions/{stored}"):
                assert client.get(path).status_code == 404
    for token in (declined_token, withdrawn_token):
        page = client.get(status_url("en", token)).content.decode()
        assert 'href="/media' not in page and "no one can open them" in page
