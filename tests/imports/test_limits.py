"""Limits that hold before the work starts: zip bombs, oversized uploads, rows, columns, cells.

The bomb is built here, in a temporary directory (memoria.benchmarks.imports.xlsx_bomb): a
real XLSX whose one sheet is 2 GB of repeated SYNTHETIC rows packed into a few MB (the size a
tester's bomb held a worker for two minutes with).
"""

import re
import resource
import socket
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from memoria.archive.models import Item, Person
from memoria.benchmarks.imports import xlsx_bomb

from .conftest import PEOPLE_HEADER, csv_bytes, person_row, run_import

URL = "/admin/import/"
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return xlsx_bomb(tmp_path_factory.mktemp("bomb") / "people.xlsx", 2048)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_bomb_is_what_a_tester_made(bomb):
    with zipfile.ZipFile(bomb) as archive:
        sheet = archive.getinfo(SHEET)
    assert sheet.file_size > 2 * 1024 ** 3 and bomb.stat().st_size < 10 * 1024 * 1024


def test_xlsx_bomb_is_refused_on_the_command_line_before_anything_is_unpacked(db, bomb):
    before = peak_mb()
    result = run_import(bomb, "--dry-run")
    assert result.code == 1
    assert re.search(r"people\.xlsx would unpack to 2048\.\d MB; an upload may unpack to at most 500 MB "
                     r"\(setting MEMORIA_IMPORT_MAX_UNPACKED_MB\)\. Nothing of it was read\.", result.out)
    assert peak_mb() - before < 50              # the process's peak memory did not grow (was 2.3 GB)


def test_xlsx_bomb_is_refused_by_the_import_page(curator_client, bomb):
    response = curator_client.post(URL, {"file": SimpleUploadedFile("people.xlsx", bomb.read_bytes()),
                                         "kind": "", "mode": "all"})
    page = response.content.decode()
    assert re.search(r"people\.xlsx would unpack to 2048\.\d MB; an upload may unpack to at most 500 MB", page)
    assert "MEMORIA_IMPORT_MAX_UNPACKED_MB" in page
    assert response.context["token"] is None       # nothing to confirm
    assert not Person.objects.exists()


def test_a_workbook_packed_tighter_than_documents_is_refused(db, tmp_path):
    small_bomb = xlsx_bomb(tmp_path / "people.xlsx", 40)      # 40 MB in about 0.15 MB
    result = run_import(small_bomb, "--dry-run")
    assert result.code == 1
    assert "people.xlsx: its part “xl/worksheets/sheet1.xml” is packed" in result.out
    assert "real documents are packed at most 100 times (setting MEMORIA_IMPORT_MAX_RATIO)" in result.out


def test_too_many_sheets(db, tmp_path, settings):
    settings.MEMORIA_IMPORT_MAX_SHEETS = 2
    workbook = Workbook()
    for title in ("people", "items", "places"):
        workbook.create_sheet(title).append(["external_id"])
    workbook.save(tmp_path / "archive.xlsx")
    result = run_import(tmp_path / "archive.xlsx")
    assert "archive.xlsx has 4 sheets; imports read at most 2 (setting MEMORIA_IMPORT_MAX_SHEETS)." in result.out


def test_rows_columns_and_cells_are_limited_before_any_row_is_stored(db, people_file, settings):
    settings.MEMORIA_IMPORT_MAX_ROWS = 5
    result = run_import(people_file([person_row(n) for n in range(1, 10)]))
    assert result.code == 1
    assert ("people.csv has 6 rows or more; imports read at most 5 rows (setting MEMORIA_IMPORT_MAX_ROWS). "
            "Split it into several files.") in result.out
    settings.MEMORIA_IMPORT_MAX_ROWS = 1000

    settings.MEMORIA_IMPORT_MAX_CELL_CHARS = 500
    result = run_import(people_file([person_row(1), person_row(2, biography_en="Synthetic. " * 100)]))
    assert ("people.csv, row 3, column 9: the cell holds 1100 characters; a cell may hold at most 500 "
            "(setting MEMORIA_IMPORT_MAX_CELL_CHARS).") in result.out

    settings.MEMORIA_IMPORT_MAX_COLUMNS = 12
    wide = [list(person_row(1).values()) + ["", "", "surplus"]]
    result = run_import(people_file(wide))
    assert "people.csv, row 2: 14 columns; imports read at most 12 (setting MEMORIA_IMPORT_MAX_COLUMNS)." in result.out
    assert not Person.objects.exists()


def test_xlsx_rows_are_limited_as_they_stream(db, tmp_path, settings):
    settings.MEMORIA_IMPORT_MAX_ROWS = 5
    workbook = Workbook()
    workbook.active.append(PEOPLE_HEADER)
    for n in range(1, 10):
        workbook.active.append(list(person_row(n).values()))
    workbook.save(tmp_path / "people.xlsx")
    result = run_import(tmp_path / "people.xlsx")
    assert result.code == 1
    assert "people.xlsx › Sheet has 10 rows or more; imports read at most 5 rows" in result.out
    assert not Person.objects.exists()


# --- the request's size ------------------------------------------------------------------------


def test_oversized_import_is_refused_from_its_content_length(curator_client):
    # The body is a few bytes but announces 190 MB: reading it would fail (the test client
    # refuses to read past the bytes it has), so the answer shows it was never read.
    body = csv_bytes(PEOPLE_HEADER, [person_row(1)])
    response = curator_client.post(URL, {"file": SimpleUploadedFile("people.csv", body), "mode": "all"},
                                   CONTENT_LENGTH=str(190 * 1024 * 1024))
    assert response.status_code == 413
    page = response.content.decode()
    assert ("The upload is 190 MB; this page accepts a file of at most 50 MB (setting MEMORIA_IMPORT_MAX_MB). "
            "It was refused before it was received; nothing was stored.") in page
    assert "Import records from a spreadsheet" in page          # on the Import page itself
    assert not Person.objects.exists()


def test_oversized_media_upload_is_refused_from_its_content_length(curator_client):
    response = curator_client.post("/admin/archive/item/add/", {"inventory_number": "SYN-1"},
                                   CONTENT_LENGTH=str(250 * 1024 * 1024))
    assert response.status_code == 413
    assert ("The upload is 250 MB; a page accepts at most 200 MB at once (setting MEMORIA_MAX_REQUEST_MB)"
            in response.content.decode())
    assert not Item.objects.exists()


def test_a_media_file_is_stopped_as_soon_as_it_passes_the_limit(curator_client, settings):
    from tests.conftest import png_bytes

    settings.MEMORIA_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 1_200_000, "image/png")
    response = curator_client.post("/admin/archive/item/add/", {
        "inventory_number": "SYN-1", "kind": "object", "title_en": "Synthetic item",
        "media-TOTAL_FORMS": "1", "media-INITIAL_FORMS": "0", "media-0-file": big},
        HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"        # a browser gets the sentence
    assert response.content.decode() == (
        "“big.png” is larger than 1 MB, the most a file may be here (setting MEMORIA_MAX_UPLOAD_MB): "
        "its upload was stopped at that size and nothing was stored.")
    assert not Item.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_live_server_answers_before_the_body_is_sent(live_server):
    """Over a real socket: the headers announce 190 MB, no body follows, the refusal comes anyway."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(
            b"POST /admin/import/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=synthetic\r\n"
            + f"Content-Length: {190 * 1024 * 1024}\r\n\r\n".encode()
            + b"--synthetic\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer or b"nothing was stored" not in answer:
            data = conn.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413")
    assert "this page accepts a file of at most 50 MB (setting MEMORIA_IMPORT_MAX_MB)" in answer.decode()
