"""Reading an uploaded PDF: its bytes must parse as a PDF with pages, at a bounded cost.

pypdf reads the cross-reference table, the catalogue and the whole page tree. Its limits
(pypdf.Configuration) stop a PDF bomb early — huge arrays, a page tree that repeats one page a
million times, cycles, streams that inflate to gigabytes — and `PDF_LIMITS` tightens the one
that costs the most time: the page tree may hold at most `MAX_PAGE_TREE_ENTRIES` nodes, more
pages than any scanned book. Lenient parsing (strict=False) accepts the small faults real
scanners and office tools leave (a wrong offset, a missing end-of-file marker); a file without a
readable catalogue and page tree is refused all the same.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import Configuration, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

MAX_PAGE_TREE_ENTRIES = 20_000
PDF_LIMITS = Configuration().with_overwrites(page_tree_maximum_entries=MAX_PAGE_TREE_ENTRIES)


def check_pdf(uploaded) -> int:
    """The number of pages of an uploaded PDF; a ValidationError saying why it cannot be accepted."""
    uploaded.seek(0)
    try:
        with apply_configuration(PDF_LIMITS):
            reader = PdfReader(uploaded, strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("The PDF is encrypted (password-protected): memoria cannot check it or remove its "
                      "metadata. Save an unprotected copy and upload that."),
                    code="pdf_encrypted",
                )
            pages = len(reader.pages)
    except ValidationError:
        raise
    except LimitReachedError as exc:
        raise ValidationError(
            _("The PDF is too large or too complex to be checked safely: %(reason)s") % {"reason": exc},
            code="pdf_limit",
        ) from exc
    except Exception as exc:  # noqa: BLE001 — any failure of the parser on these bytes means "not readable"
        raise ValidationError(
            _("Not a readable PDF: cannot read its page tree (%(reason)s).") % {"reason": exc or type(exc).__name__},
            code="not_a_pdf",
        ) from exc
    finally:
        uploaded.seek(0)
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."), code="pdf_empty")
    return pages
