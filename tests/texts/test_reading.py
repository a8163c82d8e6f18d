"""Reading a file into text: TXT, DOCX, PDF with a text layer — and a clear refusal for each bad
file (empty, too large, binary, password-protected, broken, scanned, a ZIP bomb)."""

import io
import zipfile

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from memoria.texts.reading import Unreadable, read_text

SYNTHETIC = "Test Person (a synthetic test text) wrote a letter in August 1943 from Example Town."


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(*lines: str, password: str | None = None) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number, line in enumerate(lines):
        page.drawString(72, 720 - 20 * number, line)
    page.save()
    if password is None:
        return out.getvalue()
    writer = PdfWriter(clone_from=io.BytesIO(out.getvalue()))
    writer.encrypt(password)
    locked = io.BytesIO()
    writer.write(locked)
    return locked.getvalue()


def scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner makes it."""
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (250, 250, 245)).save(out, "PDF")
    return out.getvalue()


def zip_bomb() -> bytes:
    """A DOCX-shaped archive whose document unpacks to 60 MB of zeros from a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


def test_utf8_text_is_read_as_is_with_line_ends_made_one():
    assert read_text((SYNTHETIC + "\r\nSecond line.\r\n").encode(), "letter.txt") == SYNTHETIC + "\nSecond line.\n"


def test_a_windows_1251_text_is_decoded():
    text = "Тестовый текст: синтетическое письмо, написанное в августе 1943 года. " * 3
    assert read_text(text.encode("cp1251"), "письмо.txt") == text


def test_docx_paragraphs_become_lines():
    assert read_text(docx_bytes("First paragraph.", SYNTHETIC), "memoir.docx") == "First paragraph.\n" + SYNTHETIC


def test_pdf_with_a_text_layer_is_read():
    assert "Test Person" in read_text(text_pdf(SYNTHETIC, "A second synthetic line of the test PDF."), "a.pdf")


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.txt", "empty.txt is empty"),
    (b"  \n\t ", "blank.txt", "blank.txt is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4, "photo.txt",
     "photo.txt is not a text file (it holds binary data)"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without end", "broken.pdf",
     "broken.pdf is a damaged PDF"),
])
def test_bad_files_are_refused_with_their_reason(data, name, message):
    with pytest.raises(Unreadable, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_text(data, name)


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(Unreadable, match="locked.pdf is protected by a password"):
        read_text(text_pdf(SYNTHETIC, password="test-secret"), "locked.pdf")


def test_a_scanned_pdf_is_refused_as_having_no_text_layer():
    with pytest.raises(Unreadable, match=r"scan.pdf has no text layer \(it is a scanned image\)"):
        read_text(scanned_pdf(), "scan.pdf")


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked():
    with pytest.raises(Unreadable, match="bomb.docx: its part “word/document.xml” is packed"):
        read_text(zip_bomb(), "bomb.docx")


def test_a_text_over_the_limit_is_refused(settings):
    settings.MEMORIA_TEXT_MAX_BYTES = 1024
    with pytest.raises(Unreadable, match=r"long.txt is 0.0029 MB; a text may be at most 0.00098 MB"):
        read_text(b"a" * 3000, "long.txt")
