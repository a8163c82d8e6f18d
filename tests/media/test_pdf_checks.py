"""A PDF is what pypdf can read: fake, encrypted, empty and bomb PDFs are refused with the reason,
whichever way they are uploaded. (How fast: a benchmark's business, not a timed assertion here —
the machines are shared; the bounds on pages read are what keeps a bomb cheap.)"""

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from memoria.archive.models import Item, Media
from tests.admin.forms import add_inline_rows, form_data
from tests.api.test_media import errors_of, stored_files
from tests.media.files import FAKE_PDF, real_pdf

pytestmark = pytest.mark.django_db



@pytest.fixture
def item(db):
    return Item.objects.create(inventory_number="SYN-PDF", title_en="Synthetic item", is_published=True)


def handmade_pdf(*objects: bytes) -> bytes:
    """A PDF written object by object, with a correct cross-reference table: for shapes no tool makes."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_pdf())))
    writer.encrypt("synthetic-password", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_pages_pdf() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


@pytest.mark.parametrize("content, reason", [
    (FAKE_PDF, "Not a readable PDF: cannot read its page tree"),
    (b"%PDF-1.4\n%synthetic\n", "Not a readable PDF: cannot read its page tree"),
    (encrypted_pdf(), "The PDF is encrypted (password-protected)"),
    (no_pages_pdf(), "The PDF has no pages."),
    # A page tree whose one node lists the same page 50,000 times, twice over: 2.5 billion pages.
    (handmade_pdf(CATALOG, b"<< /Type /Pages /Count 1 /Kids [" + b"3 0 R " * 50_000 + b"] >>",
                  b"<< /Type /Pages /Parent 2 0 R /Kids [" + b"4 0 R " * 50_000 + b"] >>", PAGE),
     "The PDF is too large or too complex to be checked safely"),
    (handmade_pdf(CATALOG, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                  b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] >>"),
     "Not a readable PDF: cannot read its page tree"),
], ids=["garbage", "header-only", "encrypted", "no-pages", "page-tree-bomb", "page-tree-cycle"])
def test_bad_pdfs_are_refused_with_the_reason(uploader, item, content, reason, settings, tmp_path):
    # A media folder of its own: another test worker may be storing files meanwhile.
    settings.MEDIA_ROOT = tmp_path / "media"
    before = stored_files()
    errors = errors_of(uploader.upload(f"/api/items/{item.pk}/media", content, name="letter.pdf",
                                       content_type="application/pdf"))
    assert reason in errors["file"]
    assert not Media.objects.exists() and stored_files() == before


def test_the_back_office_refuses_a_fake_pdf_with_the_reason(curator_client, item):
    data = form_data(curator_client.get(f"/admin/archive/item/{item.pk}/change/"))
    add_inline_rows(data, "media", [{"alt_text_en": "A letter", "position": "0"}])
    data["media-0-file"] = SimpleUploadedFile("letter.pdf", FAKE_PDF, "application/pdf")
    response = curator_client.post(f"/admin/archive/item/{item.pk}/change/", data)
    assert response.status_code == 200
    assert "Not a readable PDF: cannot read its page tree" in response.content.decode()
    assert not Media.objects.exists()


def test_a_real_pdf_is_accepted_and_a_compressed_bomb_in_it_costs_nothing(uploader, item):
    created = uploader.upload(f"/api/items/{item.pk}/media", real_pdf(pages=3), name="letter.pdf",
                              content_type="application/pdf")
    assert created.status_code == 201, created.content
    assert created.json()["content_type"] == "application/pdf"
    # Page content that would inflate to 300 MB: never inflated, neither to check nor to copy.
    bomb = zlib.compress(b"0" * 300_000_000, 9)
    content = handmade_pdf(CATALOG, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                           b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), bomb))
    created = uploader.upload(f"/api/items/{item.pk}/media", content, name="bomb.pdf",
                              content_type="application/pdf")
    assert created.status_code == 201, created.content
