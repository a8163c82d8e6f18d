"""The public copy of an original: the same picture or document without what visitors must not get.

A camera writes where it stood (GPS), its serial numbers, its owner's name, comments; photo
software adds XMP and IPTC records with names and notes; a PDF carries its author and the tools
that made it. The archive keeps its master byte for byte; visitors who may download an original
get this copy, made at upload. Kept: the pixels (a JPEG is re-encoded with its own quantisation
tables and chroma subsampling; every other format losslessly), the ICC colour profile, the EXIF
orientation, the resolution. What was removed is listed as (code, detail) pairs, which the back
office shows the curator (`describe_removed`).

A copy is read back before it is accepted: if anything personal is still found, the upload fails
rather than publish it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageSequence, IptcImagePlugin, JpegImagePlugin
from pypdf import PdfReader, PdfWriter, apply_configuration

from memoria.archive.pdf import PDF_LIMITS

#: What each code of a removal means, for the curator.
REMOVED_LABELS = {
    "gps": _("GPS position"),
    "serial": _("camera or lens serial number"),
    "owner": _("camera owner's name"),
    "artist": _("author's name"),
    "copyright": _("copyright notice"),
    "camera": _("camera make and model"),
    "maker_notes": _("camera maker notes"),
    "dates": _("date and time taken"),
    "software": _("software or computer name"),
    "comment": _("comment"),
    "description": _("embedded title or description"),
    "camera_data": _("other camera data"),
    "xmp": _("XMP metadata"),
    "iptc": _("IPTC metadata"),
    "photoshop": _("Photoshop data"),
    "text": _("text fields"),
    "embedded": _("other embedded data"),
    "document_properties": _("document properties"),
}

Base, GPS = ExifTags.Base, ExifTags.GPS
#: Tags of the image's main directory that say something about a person, a camera or a place.
MAIN_TAGS = {
    Base.Make: "camera", Base.Model: "camera", Base.Artist: "artist", Base.XPAuthor: "artist",
    Base.Copyright: "copyright", Base.ImageDescription: "description", Base.XPTitle: "description",
    Base.XPSubject: "description", Base.XPKeywords: "description", Base.XPComment: "comment",
    Base.Software: "software", Base.HostComputer: "software", Base.DateTime: "dates",
}
#: Tags of the EXIF directory with a name of their own; every other one is "other camera data".
EXIF_TAGS = {
    Base.BodySerialNumber: "serial", Base.LensSerialNumber: "serial", Base.CameraOwnerName: "owner",
    Base.MakerNote: "maker_notes", Base.UserComment: "comment", Base.ImageUniqueID: "camera_data",
    Base.DateTimeOriginal: "dates", Base.DateTimeDigitized: "dates", Base.LensMake: "camera",
    Base.LensModel: "camera",
}
#: Codes whose value is worth showing the curator (short text from the file).
SHOWN_VALUES = {"serial", "owner", "artist", "copyright", "camera", "dates", "software", "comment", "description"}
#: JPEG segments Pillow names and this module deals with; any other APPn is reported.
KNOWN_JPEG_SEGMENTS = {"APP0": (b"JFIF", b"JFXX"), "APP1": (b"Exif", b"http://ns.adobe.com/xap/"),
                       "APP2": (b"ICC_PROFILE",), "APP13": (b"Photoshop",), "APP14": (b"Adobe",)}
#: Frame information the copy keeps: how to draw it, nothing about who made it.
DRAWING_INFO = ("transparency", "duration", "loop", "disposal", "blend", "background")


@dataclass(frozen=True)
class PublicCopy:
    content: bytes
    removed: list[list[str]]


def describe_removed(removed: list[list[str]]) -> str:
    """"GPS position (51.1234°N, 71.4200°E); camera serial number (…)" for the curator."""
    return "; ".join(f"{REMOVED_LABELS.get(code, code)} ({detail})" if detail else str(REMOVED_LABELS.get(code, code))
                     for code, detail in removed)


def public_copy(source, content_type: str) -> PublicCopy:
    """The public copy of an uploaded original (an open binary file), and what was removed."""
    source.seek(0)
    try:
        copy = _pdf_copy(source) if content_type == "application/pdf" else _image_copy(source)
    finally:
        source.seek(0)
    # The most telling first: the position, then serial numbers and names.
    order = list(REMOVED_LABELS)
    return PublicCopy(copy.content, sorted(copy.removed, key=lambda entry: order.index(entry[0])))


# --- Images ------------------------------------------------------------------------------

def _text(value, limit: int = 80) -> str:
    """A tag's value as one short line: files carry bytes, padding and control characters."""
    if isinstance(value, bytes):
        # EXIF UserComment starts with an 8-byte character-code prefix; XP* tags are UTF-16.
        value = value[8:] if value[:8] in (b"ASCII\0\0\0", b"UNICODE\0", b"\0" * 8) else value
        value = value.decode("utf-16-le" if value[1:2] == b"\0" else "utf-8", "replace")
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gps_position(gps) -> str:
    """"51.1234°N, 71.4200°E", or "" when the GPS data holds no readable position."""
    try:
        parts = []
        for value, ref in ((GPS.GPSLatitude, GPS.GPSLatitudeRef), (GPS.GPSLongitude, GPS.GPSLongitudeRef)):
            degrees, minutes, seconds = (float(x) for x in gps[value])
            parts.append(f"{degrees + minutes / 60 + seconds / 3600:.4f}°{_text(gps[ref])}")
        return ", ".join(parts)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return ""


def _add(removed: list[list[str]], code: str, detail: str = "") -> None:
    """Note a removal; a second value of the same kind joins the first (make, model)."""
    entry = next((entry for entry in removed if entry[0] == code), None)
    if entry is None:
        removed.append([code, detail])
        return
    known = entry[1].split(", ") if entry[1] else []
    entry[1] = ", ".join(known + [part for part in detail.split(", ") if part and part not in known])


def _exif_metadata(image, removed) -> None:
    exif = image.getexif()
    for tag, code in MAIN_TAGS.items():
        if exif.get(tag) not in (None, "", b""):
            _add(removed, code, _text(exif[tag]) if code in SHOWN_VALUES else "")
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        _add(removed, "gps", _gps_position(gps))
    others = []
    for tag, value in exif.get_ifd(ExifTags.IFD.Exif).items():
        code = EXIF_TAGS.get(tag)
        if code is None:
            others.append(ExifTags.TAGS.get(tag, hex(tag)))
        elif value not in (None, "", b""):
            _add(removed, code, _text(value) if code in SHOWN_VALUES else "")
    if others:
        _add(removed, "camera_data", ", ".join(others[:5]) + ("…" if len(others) > 5 else ""))


def _image_metadata(image) -> list[list[str]]:
    """What of the image says who, where, with what: its EXIF, XMP, IPTC, comments, text fields."""
    removed: list[list[str]] = []
    _exif_metadata(image, removed)
    tags = getattr(image, "tag_v2", {})
    if image.info.get("xmp") or tags.get(700):
        _add(removed, "xmp")
    if IptcImagePlugin.getiptcinfo(image):
        _add(removed, "iptc")
    elif image.info.get("photoshop") or tags.get(34377):
        _add(removed, "photoshop")
    if image.info.get("comment"):
        _add(removed, "comment", _text(image.info["comment"]))
    text = getattr(image, "text", None) if image.format == "PNG" else None
    if text:
        _add(removed, "text", _text(", ".join(text)))
    for marker, data in getattr(image, "applist", []):
        if marker.startswith("APP") and not data.startswith(KNOWN_JPEG_SEGMENTS.get(marker, ())):
            name = _text(data[:16].split(b"\0")[0], 16)
            _add(removed, "embedded", f"{marker} {name}".strip())
    return removed


def _format_options(image) -> dict:
    """How to write the copy in the original's format without losing picture quality."""
    if image.format == "JPEG":
        options = {"qtables": image.quantization, "optimize": True,
                   "progressive": bool(image.info.get("progressive") or image.info.get("progression"))}
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
        return options
    if image.format == "WEBP":
        return {"lossless": True, "exact": True}
    if image.format == "TIFF":
        return {"compression": image.info.get("compression", "raw")}
    return {}


def _image_copy(source) -> PublicCopy:
    removed: list[list[str]] = []
    with Image.open(source) as image:
        options = _format_options(image)
        # Fresh frames: the pixels and how to draw them, not the file's tags (Pillow would
        # otherwise carry a TIFF's XMP and IPTC tags or a JPEG's comment over). Each frame is
        # read first: text after a PNG's pixels, a GIF frame's comment.
        frames = []
        for frame in ImageSequence.Iterator(image):
            bare = frame.copy()
            if not frames:
                # Read once loaded: Pillow turns a TIFF upright as it loads it and drops the tag.
                orientation = frame.getexif().get(Base.Orientation)
                icc, dpi = frame.info.get("icc_profile"), frame.info.get("dpi")
            for entry in _image_metadata(frame):
                _add(removed, *entry)
            bare.info = {key: frame.info[key] for key in DRAWING_INFO if key in frame.info}
            frames.append(bare)
        if icc:
            options["icc_profile"] = icc
        if dpi:
            options["dpi"] = dpi
        if orientation and orientation != 1:
            kept = Image.Exif()
            kept[Base.Orientation] = orientation
            options["exif"] = kept
        out = io.BytesIO()
        frames[0].save(out, image.format, save_all=len(frames) > 1, append_images=frames[1:], **options)
    content = out.getvalue()
    with Image.open(io.BytesIO(content)) as written:
        left = []
        for frame in ImageSequence.Iterator(written):
            frame.load()
            left += _image_metadata(frame)
    if left:
        raise ValueError(f"the public copy still carries {describe_removed(left)}")
    return PublicCopy(content, removed)


# --- PDF ---------------------------------------------------------------------------------

def _pdf_metadata(reader: PdfReader) -> list[list[str]]:
    removed: list[list[str]] = []
    info = reader.metadata
    if info:
        _add(removed, "document_properties", _text(", ".join(key.lstrip("/") for key in info)))
    if "/Metadata" in reader.root_object or any("/Metadata" in page for page in reader.pages):
        _add(removed, "xmp")
    if any("/PieceInfo" in page for page in reader.pages) or "/PieceInfo" in reader.root_object:
        _add(removed, "embedded", "PieceInfo")
    return removed


def _pdf_copy(source) -> PublicCopy:
    try:
        return _stripped_pdf(source)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 — the parser's own errors on a damaged file: say which
        raise ValueError(f"pypdf could not rewrite the document: {exc or type(exc).__name__}") from exc


def _stripped_pdf(source) -> PublicCopy:
    """The document without its information dictionary, its XMP and the editors' private data."""
    with apply_configuration(PDF_LIMITS):
        reader = PdfReader(source, strict=False)
        removed = _pdf_metadata(reader)
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer.xmp_metadata = None
        writer.root_object.pop("/PieceInfo", None)
        for page in writer.pages:
            page.pop("/Metadata", None)
            page.pop("/PieceInfo", None)
        out = io.BytesIO()
        writer.write(out)
        left = _pdf_metadata(PdfReader(io.BytesIO(out.getvalue())))
    if left:
        raise ValueError(f"the public copy still carries {describe_removed(left)}")
    return PublicCopy(out.getvalue(), removed)
