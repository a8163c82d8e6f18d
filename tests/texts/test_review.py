"""A curator turns the exhibition's own article into a source and confirms what it names, in the
back office: linked to the demo's records where the archive has them, drafts otherwise, every fact
citing the sentence it came from. The article is real (the demo's source); the other texts here
are obviously synthetic."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from memoria.archive.models import Event, Membership, NameVariant, Person, Place, Unit
from memoria.jobs.models import Job
from memoria.sources.models import Citation, Source
from memoria.texts import services
from memoria.texts.models import AcceptedProposal, RejectedProposal, TextExtraction

ARTICLE = Path("/work/shared/sources/exhibition-article-2025-02-01.txt")
if not ARTICLE.exists():  # the repository's copy of the same article
    ARTICLE = Path(__file__).parents[2] / "memoria/demo/data/source-article-2025-02-01.txt"
ADD = "/admin/texts/textextraction/add/"

pytestmark = pytest.mark.django_db


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def paste(client, text, **extra):
    data = {"text": text, "title": "Exhibition article (test)", "author": "", "url": "", "date": "2025-02-01",
            "language": "", "kind": "article", **extra}
    return client.post(ADD, data)


@pytest.fixture
def reading(demo, curator_client):
    """The article pasted by a curator: the review page's extraction."""
    response = paste(curator_client, article())
    assert response.status_code == 302, response.content.decode()[:2000]
    extraction = TextExtraction.objects.get()
    assert response["Location"] == f"/admin/texts/textextraction/{extraction.pk}/change/"
    return extraction


def index_of(extraction, kind, name):
    names = [p.get("name", p.get("value")) for p in extraction.result[kind]]
    assert name in names, f"{name!r} not proposed among {names}"
    return names.index(name)


def decide(client, extraction, **data):
    return client.post(f"/admin/texts/textextraction/{extraction.pk}/decide/", data)


def test_pasting_stores_the_text_as_a_source_and_creates_nothing_else(demo, curator_client):
    before = {model: model.objects.count() for model in (Person, Place, Unit, Citation, NameVariant)}
    response = paste(curator_client, article())
    assert response.status_code == 302
    source = Source.objects.get(title_en="Exhibition article (test)")
    assert source.text == article()
    assert source.language == "en"          # recognised: the form left it empty
    assert not source.is_published
    assert {model: model.objects.count() for model in before} == before

    page = curator_client.get(response["Location"]).content.decode()
    assert 'class="mention mention-people' in page
    assert 'class="mention mention-places' in page
    assert ">Kabysh Omarov</a>" in page      # the mention in the text, highlighted
    assert "nothing enters the archive until you accept it" in page
    # Read as a job (in the server here: no broker), recorded with what it found.
    [job] = Job.objects.filter(kind="read-text")
    assert job.status == "succeeded" and job.created_by.username == "curator" and "people" in job.summary


def test_accepting_a_person_links_the_demo_person_and_cites_the_sentence(reading, curator_client):
    omarov = Person.objects.get(external_id="demo:person:kabysh-omarov")
    index = index_of(reading, "people", "Kabysh Omarov")
    assert reading.result["people"][index]["match"]["id"] == omarov.pk
    people = Person.objects.count()

    response = decide(curator_client, reading, action="accept", kind="people", index=index, choice="match")
    assert response.status_code == 302

    assert Person.objects.count() == people           # linked, not duplicated
    citation = Citation.objects.get(source=reading.source, object_id=omarov.pk, content_type__model="person")
    sentence = "In particular, the glorious warriors Kabysh Omarov and Kadem Zhumaniyazov."
    assert citation.quote == sentence
    assert reading.source.text[citation.quote_start:citation.quote_end] == sentence
    page = curator_client.get(response["Location"]).content.decode()
    assert f'href="/admin/archive/person/{omarov.pk}/change/"' in page
    assert "Accepted" in page


def test_in_a_large_archive_another_record_is_given_by_its_number(reading, curator_client):
    """Past the list's 500 places the page asks for the record's number (with a link to find it)
    instead of offering a list that would hide the rest. The places are SYNTHETIC."""
    from memoria.texts.selectors import MAX_CHOICES

    Place.objects.bulk_create(Place(name=f"Synthetic place {n:04}", name_en=f"Synthetic place {n:04}")
                              for n in range(MAX_CHOICES))
    target = Place.objects.get(name_en=f"Synthetic place {MAX_CHOICES - 1:04}")  # last by name: beyond any list
    page = curator_client.get(f"/admin/texts/textextraction/{reading.pk}/change/").content.decode()
    assert 'type="number" name="link_to"' in page
    assert 'href="/admin/archive/place/?q=Stalingrad"' in page

    index = index_of(reading, "places", "Stalingrad")
    decide(curator_client, reading, action="accept", kind="places", index=index, choice="other", link_to=target.pk)
    assert Citation.objects.filter(source=reading.source, object_id=target.pk, content_type__model="place").exists()
    assert not Place.objects.filter(name_en="Stalingrad").exists()


def test_accepting_a_new_place_creates_a_draft_citing_its_sentence(reading, curator_client):
    index = index_of(reading, "places", "Stalingrad")    # named in the article, not a demo place
    assert reading.result["places"][index]["match"] is None

    decide(curator_client, reading, action="accept", kind="places", index=index, choice="new")

    place = Place.objects.get(name_en="Stalingrad")
    assert not place.is_published
    citation = Citation.objects.get(source=reading.source, object_id=place.pk, content_type__model="place")
    sentence = "He recalled that he came to the 80th anniversary of the Battle of Stalingrad with Charles de Gaulle's wife."
    assert citation.quote == sentence
    assert reading.source.text[citation.quote_start:citation.quote_end] == sentence
    assert place.history.first().history_user.username == "curator"


def test_a_person_accepted_as_a_member_of_a_unit_gets_a_cited_membership(reading, curator_client):
    regiment = Unit.objects.get(external_id="demo:unit:first-soviet-partisan-regiment")
    koishybayev = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    index = index_of(reading, "people", "Abibulla Koishybayev")

    decide(curator_client, reading, action="accept", kind="people", index=index, choice="match",
           member_of=regiment.pk)

    membership = Membership.objects.get(person=koishybayev, unit=regiment, citations__source=reading.source)
    quote = membership.citations.get(source=reading.source).quote
    assert quote.startswith("In addition, a copy of the certificate of Abibulla Koishybayev")
    assert "first Soviet partisan regiment" in quote


def test_a_rejected_proposal_is_not_proposed_again(reading, curator_client):
    index = index_of(reading, "places", "Toulouse")
    decide(curator_client, reading, action="reject", kind="places", index=index)
    assert RejectedProposal.objects.filter(source=reading.source, kind="places", name_key="toulouse").exists()

    response = decide(curator_client, reading, action="rerun")
    newest = TextExtraction.objects.filter(source=reading.source).latest("pk")
    assert newest.pk != reading.pk
    assert "Toulouse" not in [p["name"] for p in newest.result["places"]]
    assert "Kabysh Omarov" in [p["name"] for p in newest.result["people"]]
    page = curator_client.get(response["Location"]).content.decode()
    assert ">Toulouse</a>" not in page                 # no longer highlighted nor listed
    assert not Citation.objects.filter(source=reading.source).exists()


def test_a_reviewer_sees_the_proposals_but_cannot_decide(reading, reviewer, client):
    client.force_login(reviewer)
    page = client.get(f"/admin/texts/textextraction/{reading.pk}/change/")
    assert page.status_code == 200
    assert ">Kabysh Omarov</a>" in page.content.decode()
    assert 'name="action" value="accept"' not in page.content.decode()

    index = index_of(reading, "people", "Kabysh Omarov")
    response = decide(client, reading, action="accept", kind="people", index=index, choice="match")
    assert response.status_code == 403
    assert not AcceptedProposal.objects.exists()
    assert not Citation.objects.filter(source=reading.source).exists()
    with pytest.raises(PermissionDenied):
        services.reject_proposal(reading, "people", index, reviewer)
    assert client.get(ADD).status_code == 403


def test_an_unreadable_upload_says_why_and_stores_nothing(demo, curator_client):
    sources = Source.objects.count()
    binary = SimpleUploadedFile("letter.txt", bytes(range(256)) * 40, content_type="text/plain")
    response = curator_client.post(ADD, {"text": "", "file": binary, "title": "Broken upload (test)",
                                         "language": "", "kind": "article"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "letter.txt is not a text file" in page
    assert "Nothing was stored" in page
    assert Source.objects.count() == sources
    assert not TextExtraction.objects.exists()


def test_a_pasted_text_over_the_form_limit_is_refused_with_the_limit_and_the_way_round(demo, curator_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    sources = Source.objects.count()
    response = paste(curator_client, "The partisans crossed the river at night. " * 30_000)  # ~1.3 MB
    assert response.status_code == 413
    page = response.content.decode()
    assert "at most 1 MB" in page and "as a file" in page and "nothing was saved" in page
    assert Source.objects.count() == sources
    assert not TextExtraction.objects.exists()


def test_a_text_in_another_language_is_refused_with_the_reason(demo, curator_client):
    response = paste(curator_client, "Der Testbrief wurde im Jahr 1944 geschrieben und ist nicht auf Englisch.")
    assert response.status_code == 400
    assert "Kazakh, Russian, English" in response.content.decode()
    assert not TextExtraction.objects.exists()


def test_links_to_the_text_page_from_the_sources_and_the_index(demo, curator_client, reviewer, client):
    assert ADD in curator_client.get("/admin/sources/source/").content.decode()
    assert ADD in curator_client.get("/admin/").content.decode()
    client.force_login(reviewer)
    assert ADD not in client.get("/admin/").content.decode()


def test_the_review_page_asks_a_fixed_number_of_queries(reading, curator_client, django_assert_max_num_queries):
    url = f"/admin/texts/textextraction/{reading.pk}/change/"
    with django_assert_max_num_queries(20):
        curator_client.get(url)
    for name in ("Kabysh Omarov", "Marat Nagumanov"):
        decide(curator_client, reading, action="accept", kind="people", index=index_of(reading, "people", name),
               choice="match")
    with django_assert_max_num_queries(20):
        assert curator_client.get(url).status_code == 200


def test_a_date_is_attached_to_the_fact_it_dates_and_cites_its_sentence(reading, curator_client):
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")
    index = index_of(reading, "dates", "1941/1945")
    decide(curator_client, reading, action="accept", kind="dates", index=index, fact=f"event:{war.pk}:date")

    citation = Citation.objects.get(source=reading.source, object_id=war.pk, content_type__model="event")
    assert citation.field == "date"
    assert citation.quote == ("This year, Kazakhstan is celebrating the 80th anniversary of the Victory in the "
                              "Great Patriotic War of 1941–1945.")


def test_a_date_that_contradicts_the_record_is_refused_and_nothing_changes(reading, curator_client):
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")
    index = index_of(reading, "dates", "2025-02-01")
    response = decide(curator_client, reading, action="accept", kind="dates", index=index,
                      fact=f"event:{war.pk}:date")
    page = curator_client.get(response["Location"]).content.decode()
    assert "already has 1941/1945 there" in page
    war.refresh_from_db()
    assert war.date == "1941/1945"
    assert not Citation.objects.filter(source=reading.source).exists()
    assert not AcceptedProposal.objects.exists()


def test_a_new_person_is_created_as_edited_with_spellings_and_rank_cited(reading, curator_client):
    index = index_of(reading, "people", "Robert Azemann")
    people = Person.objects.count()
    decide(curator_client, reading, action="accept", kind="people", index=index, choice="new",
           name="Robert Azemann (test copy)", given_name="Robert", surname="Azemann", rank="Colonel")

    assert Person.objects.count() == people + 1
    person = Person.objects.get(name_en="Robert Azemann (test copy)")
    assert not person.is_published
    assert person.sort_name == "Azemann, Robert"
    assert person.roles_en.startswith("Colonel")
    assert [v.text for v in person.name_variants.all()] == ["Robert Azemann"]
    cited = set(Citation.objects.filter(source=reading.source).values_list("content_type__model", "field"))
    assert cited == {("person", ""), ("person", "roles"), ("namevariant", "")}
