"""Family contributions through the API: anyone sends one (multipart, the form's checks and limits),
curators moderate with a token, reviewers only read. Every value is SYNTHETIC test data."""

import pytest
from django.core import mail
from django.test import Client

from memoria.archive.models import Media
from memoria.contributions.models import Contribution
from memoria.sources.models import Citation, Source
from tests.contributions.sent import jpeg_upload, send, synthetic_person
from tests.media.files import camera_image

pytestmark = pytest.mark.django_db


def form(person, **fields) -> dict:
    return {"kind": "story", "about": f"person:{person.pk}", "language": "ru",
            "text": "Synthetic test story sent through the API.", "contributor_name": "Test Contributor",
            "contributor_email": "api-contributor@example.org", "relation": "test relation",
            "licence": "cc_by", "rights_confirmed": "true", **fields}


def test_an_anonymous_client_sends_a_story_with_a_photograph(client):
    person = synthetic_person()
    response = client.post("/api/contributions", {**form(person), "files": [jpeg_upload(camera_image("JPEG"))]})
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["status"] == "received" and "/ru/contributions/" in receipt["status_url"]
    contribution = Contribution.objects.get()
    assert contribution.language == "ru" and contribution.files.count() == 1
    assert mail.outbox and mail.outbox[0].to == ["api-contributor@example.org"]
    # The status link works, in the contributor's language; nothing is public yet.
    assert client.get(receipt["status_url"]).status_code == 200
    assert not Source.objects.exists() and not Media.objects.exists()


def test_the_form_s_checks_apply(client):
    person = synthetic_person()
    fake = jpeg_upload(b"\xff\xd8\xff\xe0 not really a JPEG", "fake.jpg")
    response = client.post("/api/contributions", {**form(person, kind="photos"), "files": [fake]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "files" and "fake.jpg" in response.json()["errors"][0]["message"]
    response = client.post("/api/contributions", form(person, text="", kind="story"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "text"
    response = client.post("/api/contributions", {**form(person), "website": "spam"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "website"
    response = client.post("/api/contributions", form(person, about="person:999999"))
    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_a_burst_from_one_address_stores_at_most_the_limit(client, settings):
    settings.MEMORIA_CONTRIBUTION_RATE_LIMIT = "3/3600"
    person = synthetic_person()
    answers = [client.post("/api/contributions", form(person, contributor_email=f"burst{n}@example.org")).status_code
               for n in range(6)]
    assert answers == [201, 201, 201, 429, 429, 429]
    assert Contribution.objects.count() == 3


def test_curators_list_get_and_accept(as_curator, curator):
    person = synthetic_person()
    older, _token = send(person)
    newer, _token = send(person, text="Synthetic second test story.")
    listed = as_curator.get("/api/contributions?status=received").json()
    assert listed["count"] == 2 and [c["id"] for c in listed["items"]] == [newer.pk, older.pk]
    assert listed["items"][0]["about"] == f"person:{person.pk}"
    accepted = as_curator.post(f"/api/contributions/{newer.pk}/accept", {"text": "Synthetic second test story, edited."})
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted" and body["outcome"]["source"]
    source = Source.objects.get(pk=body["outcome"]["source"])
    assert source.text == "Synthetic second test story, edited." and source.history.get().history_user == curator
    assert Citation.objects.filter(source=source, object_id=person.pk).exists()
    assert as_curator.get(f"/api/contributions/{older.pk}").json()["status"] == "received"


def test_curators_decline_and_ask_for_more(as_curator, client):
    contribution, token = send(synthetic_person())
    asked = as_curator.post(f"/api/contributions/{contribution.pk}/ask-more", {"message": "Test question?"})
    assert asked.status_code == 200 and asked.json()["status"] == "more_asked"
    declined = as_curator.post(f"/api/contributions/{contribution.pk}/decline", {"reason": "Test reason."})
    assert declined.status_code == 200 and declined.json()["curator_message"] == "Test reason."
    assert "Test reason." in client.get(f"/en/contributions/{token}/").content.decode()
    again = as_curator.post(f"/api/contributions/{contribution.pk}/accept", {})
    assert again.status_code == 422  # declined is final
    assert as_curator.post(f"/api/contributions/{contribution.pk}/decline", {"reason": ""}).status_code == 422


def test_a_reviewer_reads_but_cannot_decide(as_reviewer):
    contribution, _token = send(synthetic_person())
    assert as_reviewer.get("/api/contributions").json()["count"] == 1
    for step, body in (("accept", {}), ("decline", {"reason": "x"}), ("ask-more", {"message": "x"})):
        assert as_reviewer.post(f"/api/contributions/{contribution.pk}/{step}", body).status_code == 403
    assert Contribution.objects.get().status == Contribution.Status.RECEIVED and not Source.objects.exists()


def test_visitors_cannot_read_the_queue(anonymous):
    send(synthetic_person())
    assert anonymous.get("/api/contributions").status_code == 401
    assert Client().get("/api/contributions", headers={"Authorization": "Bearer wrong"}).status_code == 401
