"""Jobs without a broker (the embedded default): the work is done in the server, before the page
that asked for it answers, and the back office's Jobs pages show it — through the real admin."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from memoria import jobs
from memoria.archive.models import Media, Person
from memoria.iiif.tiles import has_tiles
from memoria.jobs.models import Job
from memoria.sources.models import Source
from tests.iiif.scans import synthetic_jpeg
from tests.iiif.test_tiles_and_manifests import upload_item
from tests.imports.conftest import PEOPLE_HEADER, csv_bytes, person_row
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


def job_page(client, job) -> str:
    response = client.get(f"/admin/jobs/job/{job.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_upload_gets_its_tiles_from_a_job_the_back_office_lists(curator_client):
    assert upload_item(curator_client, synthetic_jpeg((1200, 900))).status_code == 302
    media = Media.objects.get(item__inventory_number="SYN-IIIF-0100")
    assert has_tiles(media)  # ready with the upload, as before: no worker needed
    job = Job.objects.get(kind="iiif-tiles")
    assert (job.status, job.attempts, job.params) == ("succeeded", 1, {"media": media.pk})
    listing = curator_client.get("/admin/jobs/job/").content.decode()
    assert f"iiif-tiles #{job.pk}" in listing and "succeeded" in listing
    page = job_page(curator_client, job)
    assert f"tiles of media {media.pk}" in page
    assert 'http-equiv="refresh"' not in page  # a finished job's page stays still


def test_an_import_confirmed_in_the_admin_runs_as_a_job_and_shows_its_report(curator_client, curator):
    rows = [person_row(n) for n in range(1, 6)]
    rows[2] = person_row(3, birth_date="not a date")
    sheet = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE_HEADER, rows), content_type="text/csv")
    dry = curator_client.post("/admin/import/", {"file": sheet, "kind": "", "mode": "partial"})
    assert "Dry run (nothing stored): 4 created, 0 updated, 0 unchanged, 1 rejected." in dry.content.decode()
    token = dry.context["token"]

    done = curator_client.post("/admin/import/", {"token": token, "mode": "partial"})
    job = Job.objects.get(kind="import")
    assert done["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert Person.objects.count() == 4
    assert (job.status, job.created_by, job.result["summary"]) == (
        "succeeded", curator, "Imported the good rows (--partial): 4 created, 0 updated, 0 unchanged, 1 rejected.")
    page = job_page(curator_client, job)
    assert "Imported the good rows (--partial): 4 created" in page
    assert "<td>4</td><td>birth_date</td><td>“not a date” is not a valid EDTF date." in page
    rejects = curator_client.get(f"/admin/import/rejects/{token}/people.csv")
    assert "syn:person:00003" in b"".join(rejects.streaming_content).decode("utf-8-sig")
    # The same upload cannot be imported twice.
    again = curator_client.post("/admin/import/", {"token": token, "mode": "partial"})
    assert "upload the file again" in again.content.decode()
    assert Job.objects.filter(kind="import").count() == 1


def test_a_failing_job_is_tried_to_its_limit_reported_and_retried_by_a_curator(curator_client, reviewer,
                                                                                  client, settings):
    settings.ADMINS = [("memoria", "archive@example.org")]
    job = jobs.enqueue(kinds.ALWAYS_FAIL, {})
    assert (job.status, job.attempts) == ("failed", 3)
    assert "RuntimeError: a synthetic failure, as the tests ask" in job.error
    assert not Source.objects.filter(title_en="Synthetic source of a failing job").exists()  # rolled back
    assert [m.subject for m in mail.outbox] == [f"[Django] job {job.pk} ({kinds.ALWAYS_FAIL}) failed after 3 attempt(s)"]

    page = job_page(curator_client, job)
    assert "a synthetic failure, as the tests ask" in page and "3 / 3" in page
    assert 'value="Retry"' in page
    # A reviewer sees the failure, and may not retry.
    client.force_login(reviewer)
    seen = job_page(client, job)
    assert "a synthetic failure" in seen and 'value="Retry"' not in seen
    assert client.post(f"/admin/jobs/job/{job.pk}/change/").status_code == 403

    retried = curator_client.post(f"/admin/jobs/job/{job.pk}/change/", follow=True)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)  # tried three times more, failing again
    assert "The job was sent again." in retried.content.decode()
    assert len(mail.outbox) == 2


def test_curators_start_the_duplicate_finder_and_the_reindexing_from_the_back_office(curator_client):
    for n in (1, 2):
        Person.objects.create(name_en="Synthetic Aigerim Bekova", birth_date="1921")
    queue = curator_client.get("/admin/duplicates/candidatepair/").content.decode()
    assert "Find duplicates" in queue
    found = curator_client.post("/admin/duplicates/candidatepair/find/", follow=True)
    job = Job.objects.get(kind="find-duplicates")
    # (the pair was already proposed when the second person arrived: the finder counts it again)
    assert job.status == "succeeded" and re.match(r"1 pair\(s\) from 0\.\d\d: ", job.summary), job.summary
    assert job.summary in found.content.decode()
    assert "Synthetic Aigerim Bekova ~ Synthetic Aigerim Bekova" in curator_client.get(
        "/admin/duplicates/candidatepair/").content.decode()

    listing = curator_client.get("/admin/jobs/job/").content.decode()
    assert "Rebuild the search indexes" in listing
    rebuilt = curator_client.post("/admin/jobs/job/reindex/", follow=True).content.decode()
    assert "Full-text index rebuilt: 2 records; name index rebuilt: 2 spellings." in rebuilt


def test_reviewers_start_no_job(client, reviewer):
    client.force_login(reviewer)
    assert "Rebuild the search indexes" not in client.get("/admin/jobs/job/").content.decode()
    assert client.post("/admin/jobs/job/reindex/").status_code == 403
    assert client.post("/admin/duplicates/candidatepair/find/").status_code == 403
    assert not Job.objects.exists()


def test_the_periodic_clean_up_is_a_registered_job(settings):
    from memoria.jobs.celery_app import enqueue_periodic_job
    from memoria.jobs.registry import KINDS

    assert set(settings.MEMORIA_JOBS_SCHEDULE) <= set(KINDS)
    enqueue_periodic_job("purge-contributions")  # what `memoria worker --beat` sends daily
    job = Job.objects.get(kind="purge-contributions")
    assert job.status == "succeeded"
    assert job.summary == "Deleted 0 file(s) of contributions declined or withdrawn more than 30 days ago."
