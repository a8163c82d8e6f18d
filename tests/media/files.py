"""SYNTHETIC files for the media tests: a camera JPEG with GPS and owner data, PDFs good and bad.

Every name, serial number and position below is invented for the tests; nothing comes from the
archive or from a real camera.
"""

import io

from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational
from reportlab.pdfgen.canvas import Canvas

GPS_SHOWN = "51.1250°N, 71.4200°E"  # 51°7′30″N 71°25′12″E, as the curator reads it
SERIAL = "SYNTHETIC-SN-0001"
OWNER = "Synthetic Owner"
ARTIST = "Synthetic Photographer"
COMMENT = "synthetic comment: taken at home"
PDF_AUTHOR = "Synthetic PDF Author"
#: Byte strings that must never reach a visitor's download.
PERSONAL = [SERIAL.encode(), OWNER.encode(), ARTIST.encode(), COMMENT.encode(), b"xmpmeta",
            b"SyntheticCam"]


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation=6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SyntheticCam"
    exif[ExifTags.Base.Model] = "Model S"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = ARTIST
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (IFDRational(51), IFDRational(7), IFDRational(30))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (IFDRational(71), IFDRational(25), IFDRational(12))
    camera = exif.get_ifd(ExifTags.IFD.Exif)
    camera[ExifTags.Base.BodySerialNumber] = SERIAL
    camera[ExifTags.Base.CameraOwnerName] = OWNER
    camera[ExifTags.Base.ExposureTime] = IFDRational(1, 125)
    return exif


def picture(size=(400, 300)) -> Image.Image:
    return Image.merge("RGB", (Image.linear_gradient("L").resize(size), Image.effect_noise(size, 40),
                               Image.new("L", size, 90)))


def camera_image(fmt="JPEG", size=(400, 300)) -> bytes:
    """A photograph as a camera or phone writes it: GPS, serial, owner, comment, XMP, an ICC profile."""
    out = io.BytesIO()
    options = {"exif": camera_exif(), "icc_profile": srgb_profile()}
    if fmt == "JPEG":
        options |= {"quality": 90, "comment": COMMENT.encode(),
                    "xmp": b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + ARTIST.encode() + b"</x:xmpmeta>"}
    elif fmt == "WEBP":
        options |= {"quality": 90, "xmp": b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + ARTIST.encode() + b"</x:xmpmeta>"}
    picture(size).save(out, fmt, **options)
    return out.getvalue()


def real_pdf(pages=2, author=PDF_AUTHOR) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setAuthor(author)
    canvas.setTitle("Synthetic letter")
    for number in range(pages):
        canvas.drawString(72, 720, f"Synthetic test page {number + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


FAKE_PDF = b"%PDF-1.4\n%synthetic: only the first bytes of a PDF, then garbage\n" + bytes(range(256)) * 8
