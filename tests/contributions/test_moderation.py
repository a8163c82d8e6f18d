"""A curator's decisions on family contributions (contributions.moderation), through the real
actions, database, storage and pages. People, texts and files are SYNTHETIC test data."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import ExifTags, Image

from memoria.archive.models import Media, NameVariant, Person
from memoria.contributions import moderation
from memoria.contributions.models import Contribution
from memoria.core import services as records
from memoria.core.errors import VersionConflict
from memoria.iiif.tiles import has_tiles
from memoria.sources.models import Citation, Source
from tests.contributions.sent import jpeg_upload, send, synthetic_item, synthetic_person
from tests.media.files import camera_image

pytestmark = pytest.mark.django_db

Kind, Status, Licence = Contribution.Kind, Contribution.Status, Contribution.Licence


def citations_of(record, field=""):
    return [c for c in Citation.objects.filter(object_id=record.pk, field=field)
            if c.content_type.model_class() is type(record)]


def test_an_accepted_story_is_a_published_family_source_cited_on_the_person_page(client, curator):
    person = synthetic_person()
    contribution, _token = send(person, text="Synthetic test story told by a test family.")
    mail.outbox.clear()

    moderation.accept(contribution, curator)

    source = Source.objects.get(kind=Source.Kind.FAMILY)
    assert source.text == "Synthetic test story told by a test family."
    assert source.is_published and source.language == "en"
    assert source.title_en == "Family story about Test Person"
    assert "Test Person" in source.title_kk and source.title_kk != source.title_en  # in every language
    # Not credited by name: neither the name nor the e-mail is anywhere public.
    assert source.author == "" and "Test Contributor" not in source.note_en
    assert "test relation" in source.note_en and "CC BY 4.0" in source.note_en
    [citation] = citations_of(person)
    assert citation.source == source
    # In history, with the curator who accepted.
    assert source.history.get().history_user == curator
    assert citation.history.get().history_user == curator
    contribution.refresh_from_db()
    assert contribution.status == Status.ACCEPTED and contribution.decided_by == curator
    assert contribution.history.first().history_user == curator
    assert contribution.outcome["source"] == source.pk and contribution.outcome["citations"] == [citation.pk]

    page = client.get(f"/en/people/{person.pk}/").content.decode()
    assert source.title_en in page and f'href="/en/sources/{source.pk}/"' in page
    footnote = page[page.index(source.title_en):]
    footnote = footnote[:footnote.index("</li>")]
    assert footnote.count(str(source.date)[:4]) == 1  # the received date once, not in the title too
    assert "Synthetic test story told by a test family." in client.get(f"/en/sources/{source.pk}/").content.decode()
    [sent] = mail.outbox
    assert sent.to == [contribution.contributor_email]


def test_credited_by_name_the_source_names_the_contributor(curator):
    person = synthetic_person()
    contribution, _token = send(person, credit_by_name=True)
    moderation.accept(contribution, curator)
    assert Source.objects.get().author == "Test Contributor"


def test_photographs_become_media_with_tiles_and_a_public_copy_without_gps(client, curator):
    person = synthetic_person()
    contribution, _token = send(person, Kind.PHOTOS, files=[jpeg_upload(camera_image("JPEG", (900, 600)))],
                                text="")
    moderation.accept(contribution, curator)

    [media] = Media.objects.filter(person=person)
    assert media.history.get().history_user == curator
    assert has_tiles(media)  # deep zoom, like any other upload
    assert media.allow_download and media.credit == "CC BY 4.0"
    with media.public_file.open("rb") as public:
        copy = Image.open(io.BytesIO(public.read()))
        assert not copy.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    page = client.get(f"/en/people/{person.pk}/").content.decode()
    assert media.display.url in page and "data-iiif-info=" in page
    assert citations_of(person)  # the photographs' source is cited on the person


def test_research_only_material_stays_out_of_public_view(client, curator):
    person = synthetic_person()
    contribution, _token = send(person, Kind.PHOTOS, files=[jpeg_upload(camera_image("JPEG"))],
                                licence=Licence.RESEARCH_ONLY)
    moderation.accept(contribution, curator)
    source = Source.objects.get()
    assert not source.is_published and not Media.objects.exists()
    assert client.get(f"/en/sources/{source.pk}/").status_code == 404
    assert source.title_en not in client.get(f"/en/people/{person.pk}/").content.decode()
    assert contribution.files.count() == 1  # kept, privately, for the museum's research


def test_a_correction_edits_the_fact_cites_it_and_undo_restores_it(curator):
    person = synthetic_person(birth_date="1920")
    contribution, _token = send(person, Kind.CORRECTION, field="birth_date", proposed_value="1921")
    moderation.accept(contribution, curator)

    person.refresh_from_db()
    assert person.birth_date == "1921"
    assert person.history.first().history_user == curator
    [cited] = citations_of(person, "birth_date")
    assert cited.source.kind == Source.Kind.FAMILY

    moderation.undo_acceptance(contribution, curator)
    person.refresh_from_db()
    assert person.birth_date == "1920"
    assert not Citation.objects.exists() and not Source.objects.exists()
    contribution.refresh_from_db()
    assert contribution.status == Status.IN_REVIEW and contribution.outcome == {}
    assert person.history.first().history_user == curator  # the undo is in history too


def test_the_curator_edits_the_value_before_accepting(curator):
    item = synthetic_item(material_en="paper")
    contribution, _token = send(item, Kind.CORRECTION, field="material", proposed_value="Thick papr")
    moderation.accept(contribution, curator, edited={"proposed_value": "thick paper"})
    item.refresh_from_db()
    assert item.material_en == "thick paper"
    assert Contribution.objects.get().outcome["edited"] == {"proposed_value": "thick paper"}


def test_the_curator_names_the_fact_a_story_supports_and_the_source_cites_it(curator_client):
    person = synthetic_person()
    contribution, _token = send(person)
    page = curator_client.get(f"/admin/contributions/contribution/{contribution.pk}/change/").content.decode()
    assert '<option value="birth_place">Birth place</option>' in page
    curator_client.post(f"/admin/contributions/contribution/{contribution.pk}/decide/accept/",
                        {"edited": "1", "text": contribution.text, "field": "birth_place"})
    [cited] = citations_of(person, "birth_place")
    assert cited.source.kind == Source.Kind.FAMILY and citations_of(person)


def test_a_corrected_name_is_a_new_cited_spelling_and_the_old_ones_stay(curator):
    person = synthetic_person()
    NameVariant.objects.create(person=person, text="Test Person", language="en")
    contribution, _token = send(person, Kind.CORRECTION, field="name", proposed_value="Test Persson",
                                language="en")
    moderation.accept(contribution, curator)
    assert sorted(v.text for v in person.name_variants.all()) == ["Test Person", "Test Persson"]
    assert citations_of(NameVariant.objects.get(text="Test Persson"))
    moderation.undo_acceptance(contribution, curator)
    assert [v.text for v in person.name_variants.all()] == ["Test Person"]


def test_undo_is_refused_when_the_fact_was_changed_again(curator):
    person = synthetic_person(birth_date="1920")
    contribution, _token = send(person, Kind.CORRECTION, field="birth_date", proposed_value="1921")
    moderation.accept(contribution, curator)
    person.refresh_from_db()
    records.update(Person, person.pk, {"birth_date": "1922"}, curator, records.version_of(person))
    with pytest.raises(VersionConflict):
        moderation.undo_acceptance(contribution, curator)
    person.refresh_from_db()
    assert person.birth_date == "1922" and Source.objects.exists()  # nothing undone halfway
    assert Contribution.objects.get().status == Status.ACCEPTED


def test_a_missing_person_becomes_a_cited_draft_person(client, curator):
    contribution, _token = send(None, Kind.MISSING_PERSON, person_name="Тест Жоқ Адам", language="kk")
    moderation.accept(contribution, curator)
    person = Person.objects.get(name_kk="Тест Жоқ Адам")  # named in the family's language
    assert not person.is_published
    [spelling] = person.name_variants.all()
    assert (spelling.text, spelling.language, spelling.script) == ("Тест Жоқ Адам", "kk", "Cyrl")
    assert citations_of(person) and citations_of(person.name_variants.get())
    assert client.get(f"/en/people/{person.pk}/").status_code == 404  # a draft: not public yet
    moderation.undo_acceptance(contribution, curator)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_story_with_a_photograph_undone_leaves_the_person_as_it_was(client, curator):
    person = synthetic_person()
    before = client.get(f"/en/people/{person.pk}/").content
    contribution, _token = send(person, files=[jpeg_upload(camera_image("JPEG"))])
    moderation.accept(contribution, curator)
    assert Media.objects.filter(person=person).count() == 1
    moderation.undo_acceptance(contribution, curator)
    assert not Media.objects.exists() and not Source.objects.exists() and not Citation.objects.exists()
    assert client.get(f"/en/people/{person.pk}/").content == before


def test_a_reviewer_can_decide_nothing(reviewer, curator):
    person = synthetic_person()
    contribution, _token = send(person)
    for decide in (lambda: moderation.start_review(contribution, reviewer),
                   lambda: moderation.accept(contribution, reviewer),
                   lambda: moderation.decline(contribution, reviewer, "Test reason"),
                   lambda: moderation.ask_more(contribution, reviewer, "Test question")):
        with pytest.raises(PermissionDenied):
            decide()
    assert Contribution.objects.get().status == Status.RECEIVED and not Source.objects.exists()
    moderation.accept(contribution, curator)
    with pytest.raises(PermissionDenied):
        moderation.undo_acceptance(contribution, reviewer)
    assert Contribution.objects.get().status == Status.ACCEPTED and Source.objects.count() == 1


def test_declining_needs_a_reason_and_the_status_page_shows_it(client, curator):
    contribution, token = send(synthetic_person())
    with pytest.raises(ValidationError):
        moderation.decline(contribution, curator, "   ")
    mail.outbox.clear()
    moderation.decline(contribution, curator, "Test reason: the photograph is of another test person.")
    page = client.get(f"/en/contributions/{token}/").content.decode()
    assert "Declined" in page and "Test reason: the photograph is of another test person." in page
    assert "Test reason" in mail.outbox[0].body
    # Final: it cannot be accepted afterwards.
    with pytest.raises(ValidationError):
        moderation.accept(contribution, curator)
    assert not Source.objects.exists()


def test_asking_for_more_keeps_it_open_and_tells_the_contributor(client, curator):
    contribution, token = send(synthetic_person())
    moderation.start_review(contribution, curator)
    assert "In review" in client.get(f"/en/contributions/{token}/").content.decode()
    moderation.ask_more(contribution, curator, "Test question: when was the test photograph taken?")
    page = client.get(f"/en/contributions/{token}/").content.decode()
    assert "Test question: when was the test photograph taken?" in page
    moderation.accept(contribution, curator)
    assert Contribution.objects.get().status == Status.ACCEPTED


# --- The back office: the queue, the buttons, the files ------------------------------------


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    browser = Client()
    browser.force_login(reviewer)
    return browser


QUEUE = "/admin/contributions/contribution/"


def decide_url(contribution, step):
    return f"{QUEUE}{contribution.pk}/decide/{step}/"


def test_the_queue_shows_the_page_the_files_and_what_would_change(curator_client):
    person = synthetic_person(birth_date="1920")
    photos, _token = send(person, Kind.PHOTOS, files=[jpeg_upload(camera_image("JPEG"), "test-scan.jpg")])
    correction, _token = send(person, Kind.CORRECTION, field="birth_date", proposed_value="1921")
    page = curator_client.get(QUEUE).content.decode()
    # Newest first; the page it came from is a link; the file is shown through the staff-only view.
    assert page.index(f"{QUEUE}{correction.pk}/change/") < page.index(f"{QUEUE}{photos.pk}/change/")
    assert f'<a href="/en/people/{person.pk}/">/en/people/{person.pk}/</a>' in page
    file_url = f"{QUEUE}{photos.pk}/files/{photos.files.get().pk}/"
    assert f'<img src="{file_url}"' in page
    assert "birth date: “1920” → “1921”" in page
    assert curator_client.get(f"{QUEUE}?status__exact=received").status_code == 200

    shown = curator_client.get(file_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "sandbox" in shown["Content-Security-Policy"]


def test_a_curator_edits_then_accepts_in_the_back_office(curator_client, curator):
    person = synthetic_person()
    contribution, _token = send(person, text="Synthetic test story with a typo: grandfathr.")
    page = curator_client.get(f"{QUEUE}{contribution.pk}/change/").content.decode()
    for button in ("Start review", "Accept", "Edit, then accept", "Ask for more", "Decline with this reason"):
        assert button in page
    response = curator_client.post(decide_url(contribution, "accept"), {
        "edited": "1", "text": "Synthetic test story with a typo corrected: grandfather.\r\nSecond line."})
    assert response.status_code == 302
    assert Source.objects.get().text == "Synthetic test story with a typo corrected: grandfather.\nSecond line."
    page = curator_client.get(response["Location"]).content.decode()
    assert "Accepted: it is in the archive" in page and "Undo acceptance" in page
    assert curator_client.post(decide_url(contribution, "undo")).status_code == 302
    assert not Source.objects.exists()
    assert Contribution.objects.get().status == Status.IN_REVIEW


def test_a_declined_contribution_needs_a_reason_in_the_back_office(curator_client):
    contribution, _token = send(synthetic_person())
    response = curator_client.post(decide_url(contribution, "decline"), {"reason": " "}, follow=True)
    assert "Say why it is declined" in response.content.decode()
    assert Contribution.objects.get().status == Status.RECEIVED


def test_a_reviewer_sees_the_queue_without_buttons_and_cannot_accept(reviewer_client):
    contribution, _token = send(synthetic_person())
    assert reviewer_client.get(QUEUE).status_code == 200
    page = reviewer_client.get(f"{QUEUE}{contribution.pk}/change/").content.decode()
    assert "What would change" in page
    assert decide_url(contribution, "accept") not in page and "Decline with this reason" not in page
    for step in ("review", "accept", "ask-more", "decline"):
        response = reviewer_client.post(decide_url(contribution, step), {"reason": "x", "message": "x"})
        assert response.status_code == 403
    assert reviewer_client.post(f"{QUEUE}{contribution.pk}/change/", {}).status_code == 403
    assert Contribution.objects.get().status == Status.RECEIVED and not Source.objects.exists()


def test_a_declined_contributions_file_is_never_served(client, curator_client, curator, settings):
    contribution, _token = send(synthetic_person(), Kind.PHOTOS, files=[jpeg_upload(camera_image("JPEG"))])
    sent = contribution.files.get()
    file_url = f"{QUEUE}{contribution.pk}/files/{sent.pk}/"
    assert curator_client.get(file_url).status_code == 200
    assert client.get(file_url).status_code == 302  # visitors: the back office's login, not the file
    # Private storage: outside the media folder, and no URL can be made for it.
    assert not sent.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = sent.file.url

    moderation.decline(contribution, curator, "Test reason.")
    assert curator_client.get(file_url).status_code == 404
    assert "no longer shown" in curator_client.get(QUEUE).content.decode()
    assert client.get(f"/media/{sent.file.name}").status_code == 404
