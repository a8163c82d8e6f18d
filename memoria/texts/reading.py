"""A file's text, read from TXT, DOCX or a PDF with a text layer, or a clear reason why not.

Offsets of later citations point into the string returned here, so reading is deterministic:
line ends become "\\n", a DOCX gives its paragraphs one per line, a PDF its pages separated by a
blank line. Limits hold before the work they protect: the size before anything is decoded, a
DOCX's unpacked size and packing ratio from its ZIP directory before anything is unpacked.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from memoria.core.uploads import LimitExceeded, check_zip, megabytes

#: Legacy encodings a TXT not in UTF-8 may be in (Cyrillic and Western Windows code pages, UTF-16).
LEGACY_ENCODINGS = ["cp1251", "cp1252", "utf_16"]
#: A DOCX's parts may be packed at most this many times (real documents stay far below).
DOCX_MAX_RATIO = 100
#: Share of control characters above which a "text" is binary data.
MAX_CONTROL_SHARE = 0.01
#: A PDF with fewer letters than this per page has no text layer worth the name (a scan).
MIN_LETTERS_PER_PAGE = 20
MAX_PDF_PAGES = 2000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unreadable(ValueError):
    """The file holds no text memoria can read; the message says which file and why."""


def max_bytes() -> int:
    return int(settings.MEMORIA_TEXT_MAX_BYTES)


def check_size(size: int, filename: str) -> None:
    """Refuse a file over the limit from its size alone, before it is read."""
    if size > max_bytes():
        raise Unreadable(_(
            "%(file)s is %(size)s MB; a text may be at most %(limit)s MB (setting MEMORIA_TEXT_MAX_MB). "
            "Split it into several sources.") % {
            "file": _name(filename), "size": megabytes(size), "limit": megabytes(max_bytes())})


def _name(filename: str) -> str:
    return PurePath(filename or "").name or _("the file")


def read_text(data: bytes, filename: str) -> str:
    """The text of a TXT (UTF-8, else a legacy encoding), DOCX or PDF file; raises Unreadable."""
    name = _name(filename)
    check_size(len(data), filename)
    if not data or not data.strip():
        raise Unreadable(_("%(file)s is empty: there is no text to read.") % {"file": name})
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        text = _pdf(data, name)
    elif suffix == ".docx" or (data.startswith(b"PK\x03\x04") and suffix not in (".txt", ".md", "")):
        text = _docx(data, name)
    elif suffix in (".txt", ".text", ".md", ""):
        text = _plain(data, name)
    else:
        raise Unreadable(_(
            "%(file)s: memoria reads texts from TXT, DOCX and PDF files, not “%(suffix)s” files.") % {
            "file": name, "suffix": suffix})
    text = _tidy(text)
    if not text.strip():
        raise Unreadable(_("%(file)s is empty: there is no text to read.") % {"file": name})
    return text


def _tidy(text: str) -> str:
    """One form of every letter (NFC) and of every line end, so offsets mean the same everywhere."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))


def _not_text(name: str) -> Unreadable:
    return Unreadable(_(
        "%(file)s is not a text file (it holds binary data). Upload a TXT, DOCX or PDF file.") % {"file": name})


def _plain(data: bytes, name: str) -> str:
    if data.startswith((b"PK\x03\x04", b"%PDF-")):
        raise _not_text(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable(_("%(file)s says it is UTF-16 but is cut or damaged.") % {"file": name}) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise _not_text(name) from None
            from charset_normalizer import from_bytes

            best = from_bytes(data[:200_000], cp_isolation=LEGACY_ENCODINGS).best()
            if best is None:
                raise _not_text(name) from None
            try:
                text = data.decode(best.encoding)
            except UnicodeDecodeError:
                raise Unreadable(_(
                    "%(file)s mixes encodings: save it again as UTF-8 text.") % {"file": name}) from None
    controls = len(_CONTROL.findall(text))
    if controls and controls > MAX_CONTROL_SHARE * len(text):
        raise _not_text(name)
    return text


def _docx(data: bytes, name: str) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_zip(io.BytesIO(data), name, max_unpacked=max_bytes() * 5, unpacked_env="MEMORIA_TEXT_MAX_MB",
                  max_ratio=DOCX_MAX_RATIO, ratio_env="MEMORIA_TEXT_MAX_MB")
    except zipfile.BadZipFile:
        raise Unreadable(_("%(file)s is not a DOCX document (it is not a ZIP package), or it is damaged.")
                         % {"file": name}) from None
    except LimitExceeded as exc:
        raise Unreadable(str(exc)) from None
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise Unreadable(_("%(file)s is not a Word document (DOCX) memoria can read: %(reason)s") % {
            "file": name, "reason": exc}) from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def _pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password alone (printing rights) leaves the empty user password valid.
            try:
                opened = reader.decrypt("")
            except (FileNotDecryptedError, NotImplementedError, PyPdfError):
                opened = 0
            if not opened:
                raise Unreadable(_(
                    "%(file)s is protected by a password: save it without the password, then upload it again.")
                    % {"file": name})
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise Unreadable(_("%(file)s has %(count)s pages; memoria reads at most %(limit)s.") % {
                "file": name, "count": len(pages), "limit": MAX_PDF_PAGES})
        texts = [(page.extract_text() or "").strip() for page in pages]
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(_("%(file)s is a damaged PDF memoria cannot read (%(reason)s).") % {
            "file": name, "reason": exc.__class__.__name__}) from None
    letters = sum(ch.isalpha() for text in texts for ch in text)
    if not texts or letters < MIN_LETTERS_PER_PAGE * len(texts):
        raise Unreadable(_(
            "%(file)s has no text layer (it is a scanned image): memoria does not read scans. "
            "Run text recognition (OCR) on it first, or paste the text.") % {"file": name})
    return "\n\n".join(texts)
