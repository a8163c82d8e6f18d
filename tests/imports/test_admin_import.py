"""The back office's Import page, used by a curator through real forms."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from memoria.archive.models import Person

from .conftest import PEOPLE_HEADER, csv_bytes, person_row

URL = "/admin/import/"


def upload(client, rows, name="people.csv", **data):
    file = SimpleUploadedFile(name, csv_bytes(PEOPLE_HEADER, rows), content_type="text/csv")
    return client.post(URL, {"file": file, "kind": "", "mode": "all", **data})


def test_curator_dry_runs_then_imports(curator_client):
    index = curator_client.get("/admin/").content.decode()
    assert 'href="/admin/import/"' in index
    for changelist in ("archive/person", "archive/item", "archive/place", "archive/unit", "archive/event",
                       "sources/source"):
        assert 'href="/admin/import/"' in curator_client.get(f"/admin/{changelist}/").content.decode(), changelist

    page = curator_client.get(URL)
    assert page.status_code == 200
    assert 'href="/admin/import/template/people.csv"' in page.content.decode()

    rows = [person_row(n) for n in range(1, 31)]
    dry = upload(curator_client, rows)
    text = dry.content.decode()
    assert dry.status_code == 200
    assert "Dry run (nothing stored): 30 created, 0 updated, 0 unchanged, 0 rejected." in text
    assert not Person.objects.exists()
    token = dry.context["token"]

    done = curator_client.post(URL, {"token": token, "mode": "all"}, follow=True)  # to the job page
    assert "Imported: 30 created" in done.content.decode()
    assert Person.objects.count() == 30
    assert Person.objects.first().history.first().history_user.username == "curator"
    # The uploaded file is gone; the token cannot be used twice.
    again = curator_client.post(URL, {"token": token, "mode": "all"})
    assert "upload the file again" in again.content.decode()
    assert Person.objects.count() == 30


def test_partial_import_offers_the_rejects(curator_client, client):
    rows = [person_row(n) for n in range(1, 6)]
    rows[1] = person_row(2, birth_date="not a date")
    dry = upload(curator_client, rows)
    text = dry.content.decode()
    assert "1 rejected" in text
    assert "<td>3</td><td>birth_date</td><td>“not a date” is not a valid EDTF date." in text
    token = dry.context["token"]

    nothing = curator_client.post(URL, {"token": token, "mode": "all"}, follow=True)
    assert "Nothing stored" in nothing.content.decode() and not Person.objects.exists()

    dry = upload(curator_client, rows)
    done = curator_client.post(URL, {"token": dry.context["token"], "mode": "partial"}, follow=True)
    assert "Imported the good rows (--partial): 4 created" in done.content.decode()
    assert Person.objects.count() == 4
    link = f"/admin/import/rejects/{dry.context['token']}/people.csv"
    assert link in done.content.decode()
    rejects = curator_client.get(link)
    body = b"".join(rejects.streaming_content).decode("utf-8-sig")
    assert "syn:person:00002" in body and "error" in body.splitlines()[0]
    assert client.get(link).status_code == 302          # a visitor is sent to the login page


def test_bad_file_and_permissions(curator_client, reviewer, client):
    bad = curator_client.post(URL, {"file": SimpleUploadedFile("people.csv", b"nonsense,columns\n1,2\n"),
                                    "kind": "people", "mode": "all"})
    assert "unknown column(s) nonsense, columns" in bad.content.decode()

    client.force_login(reviewer)
    assert client.get(URL).status_code == 403
    assert client.get("/admin/import/export/people.csv").status_code == 200   # reviewers may read
    assert client.get("/admin/import/template/people.csv").status_code == 404


def test_templates_and_export_downloads(curator_client, demo):
    csv_template = curator_client.get("/admin/import/template/people.csv")
    header, example = list(csv.reader(io.StringIO(csv_template.content.decode("utf-8-sig"))))
    assert header[0] == "external_id" and example[0] == "example:person:1"
    xlsx = curator_client.get("/admin/import/template/items.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "external_id" and sheet["B2"].value == "SYN-0001"
    export = curator_client.get("/admin/import/export/people.csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert any(r["name_en"] == "Abibulla Koishybayev" for r in rows)


def test_oversized_upload_is_refused_before_it_is_read(curator_client, settings):
    settings.MEMORIA_IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("people.csv", b"external_id,name_en\n" + b"syn:x,Synthetic\n" * 200_000)
    response = curator_client.post(URL, {"file": big, "kind": "people", "mode": "all"})
    assert response.status_code == 413
    assert "this page accepts a file of at most 1 MB (setting MEMORIA_IMPORT_MAX_MB)" in response.content.decode()
    assert not Person.objects.exists()


def test_the_form_is_csrf_protected(curator):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(curator)
    file = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE_HEADER, [person_row(1)]))
    assert browser.post(URL, {"file": file, "mode": "all"}).status_code == 403
    assert not Person.objects.exists()
