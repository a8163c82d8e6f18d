"""What an uploaded file really is, and the derivatives shown on the site.

The upload's name and declared type are never trusted: the bytes decide.
Accepted: raster images Pillow can decode (JPEG, PNG, WebP, TIFF, GIF) and
PDFs pypdf can read (archive.pdf). Anything else — SVG, HTML, a renamed
executable — is refused, so the site never serves a file that a browser could
run as a page or a script.

Derivatives: the display and thumbnail JPEGs, and the public copy of the
original (archive.public_copy: without GPS, serial numbers, names, comments),
which is what visitors download; the master is never changed.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from memoria.archive.pdf import check_pdf
from memoria.archive.public_copy import public_copy

IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "GIF": "image/gif",
}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
}
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 480


@dataclass(frozen=True)
class Inspected:
    content_type: str
    width: int | None = None
    height: int | None = None


def _upload_name(uploaded) -> str:
    """The file's own name, as the curator knows it (never the upload object's repr)."""
    return PurePath(getattr(uploaded, "name", "") or "").name or _("the file")


def inspect_upload(uploaded) -> Inspected:
    """Identify an uploaded file by its content; raise ValidationError saying why it is refused."""
    size = getattr(uploaded, "size", None)
    limit = settings.MEMORIA_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the largest accepted is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        check_pdf(uploaded)
        return Inspected("application/pdf")
    if size == 0 or not head:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
            width, height = image.size
            if width * height > settings.MEMORIA_MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is %(w)d × %(h)d pixels; at most %(max)d million pixels are accepted.")
                    % {"w": width, "h": height, "max": settings.MEMORIA_MAX_IMAGE_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(
                    _("%(format)s images are not accepted: upload JPEG, PNG, WebP, TIFF or PDF.")
                    % {"format": image.format},
                    code="format",
                )
            content_type = IMAGE_FORMATS[image.format]
            # Decode every pixel: a truncated or forged file fails here, not later on the site.
            image.load()
            # A phone stores a portrait photograph lying down, with an EXIF orientation that
            # turns it upright: the size the visitor sees is the turned one.
            if image.getexif().get(ORIENTATION_TAG) in TURNED_A_QUARTER:
                width, height = height, width
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The image declares too many pixels to be opened safely (%(reason)s).") % {"reason": exc},
            code="decompression_bomb",
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(
            _("“%(name)s” is not an image or a PDF that memoria can read: its content is not a known image format.")
            % {"name": _upload_name(uploaded)},
            code="not_an_image",
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("“%(name)s” is not an image or a PDF that memoria can read: %(reason)s")
            % {"name": _upload_name(uploaded), "reason": exc},
            code="not_an_image",
        ) from exc
    finally:
        uploaded.seek(0)
    return Inspected(content_type, width, height)


ORIENTATION_TAG = 0x0112
TURNED_A_QUARTER = {5, 6, 7, 8}


def _resized_jpeg(source, longest_side: int) -> ContentFile:
    source.seek(0)
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)  # upright, as the camera meant it (the tag is dropped)
        image.thumbnail((longest_side, longest_side))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    source.seek(0)
    return ContentFile(out.getvalue())


def make_derivatives(media) -> None:
    """Fill media.display and media.thumbnail (JPEG) from an image original."""
    if not media.is_image:
        return
    stem = media.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    with media.file.open("rb") as original:
        media.display.save(f"{stem}-display.jpg", _resized_jpeg(original, DISPLAY_SIZE), save=False)
        media.thumbnail.save(f"{stem}-thumb.jpg", _resized_jpeg(original, THUMBNAIL_SIZE), save=False)


def make_public_copy(media) -> None:
    """Fill media.public_file, the copy visitors download, and media.public_copy_removed."""
    stem = media.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    with media.file.open("rb") as original:
        copy = public_copy(original, media.content_type)
    media.public_file.save(f"{stem}{EXTENSIONS[media.content_type]}", ContentFile(copy.content), save=False)
    media.public_copy_removed = copy.removed
