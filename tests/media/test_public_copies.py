"""Visitors download a public copy of an original: no GPS, no serial numbers, no names; the master
is kept byte for byte, and the curator sees what was taken out."""

import io
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import ExifTags, Image, ImageChops, ImageStat
from pypdf import PdfReader

from memoria.archive.media import make_derivatives
from memoria.archive.models import Item, Media
from tests.admin.forms import add_inline_rows, form_data
from tests.media.files import GPS_SHOWN, PDF_AUTHOR, PERSONAL, SERIAL, camera_image, real_pdf

pytestmark = pytest.mark.django_db



def download_links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)"[^>]*\bdownload\b', html)]


def read_master(media: Media) -> bytes:
    with media.file.open("rb") as master:
        return master.read()


def assert_clean_image(content: bytes, fmt: str) -> Image.Image:
    for personal in PERSONAL:
        assert personal not in content, personal
    image = Image.open(io.BytesIO(content))
    assert image.format == fmt
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and not exif.get_ifd(ExifTags.IFD.Exif)
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Artist not in exif
    return image


def test_curator_uploads_a_camera_photo_and_visitors_download_it_without_gps(curator_client, client):
    photo = camera_image("JPEG")
    data = form_data(curator_client.get("/admin/archive/item/add/"))
    data.update({"inventory_number": "SYN-GPS-1", "kind": "photograph", "title_en": "Synthetic photo",
                 "is_published": "on"})
    add_inline_rows(data, "media", [{"alt_text_en": "A synthetic picture", "position": "0",
                                     "allow_download": "on"}])
    data["media-0-file"] = SimpleUploadedFile("IMG_0001.jpg", photo, "image/jpeg")
    response = curator_client.post("/admin/archive/item/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    media = Media.objects.get()

    [link] = download_links(client.get(f"/en/items/{media.item.pk}/").content.decode())
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    public = assert_clean_image(b"".join(download.streaming_content), "JPEG")
    # What the picture needs is kept: its size, its orientation, its colour profile.
    assert public.size == (400, 300)
    assert public.getexif()[ExifTags.Base.Orientation] == 6
    master = Image.open(io.BytesIO(photo))
    assert public.info["icc_profile"] == master.info["icc_profile"]
    # Re-encoded with the master's own quantisation tables: on this noisy synthetic picture the
    # pixels differ by about 3 levels of 255 on average (PSNR about 37 dB), invisible to the eye.
    difference = ImageChops.difference(master.convert("RGB"), public.convert("RGB"))
    assert max(ImageStat.Stat(difference).mean) < 4

    # The archive's master is the upload, byte for byte, GPS and all — for the back office only.
    assert read_master(media) == photo
    assert link != media.file.url and client.get(media.file.url).status_code == 404
    assert curator_client.get(media.file.url).status_code == 200

    page = unescape(curator_client.get(f"/admin/archive/item/{media.item.pk}/change/").content.decode())
    assert f"Removed from the public copy: GPS position ({GPS_SHOWN})" in page
    assert f"camera or lens serial number ({SERIAL})" in page
    assert "camera owner's name (Synthetic Owner)" in page and "XMP metadata" in page
    assert "comment (synthetic comment: taken at home)" in page


@pytest.mark.parametrize("fmt, content_type", [("PNG", "image/png"), ("WEBP", "image/webp"), ("TIFF", "image/tiff")])
def test_every_image_format_is_copied_without_its_metadata_and_losslessly(uploader, fmt, content_type):
    item = Item.objects.create(inventory_number=f"SYN-{fmt}", title_en="Synthetic", is_published=True)
    original = camera_image(fmt)
    created = uploader.upload(f"/api/items/{item.pk}/media", original, name=f"scan.{fmt.lower()}",
                              content_type=content_type, allow_download="true")
    assert created.status_code == 201, created.content
    url = created.json()["original_url"]
    visitor = Client()
    assert visitor.get(url).status_code == 404  # the curator's URL is the master
    public_url = visitor.get(created["Location"]).json()["original_url"]
    assert public_url != url
    download = visitor.get(public_url)
    assert download.status_code == 200 and download["Content-Type"] == content_type
    public = assert_clean_image(b"".join(download.streaming_content), fmt)
    master = Image.open(io.BytesIO(original))
    master.load()  # a TIFF is turned upright as it loads
    assert ImageChops.difference(master.convert("RGB"), public.convert("RGB")).getbbox() is None
    assert read_master(Media.objects.get()) == original
    assert public.info["icc_profile"] == master.info["icc_profile"]


def test_a_pdf_loses_its_author_in_the_public_copy_only(uploader, client):
    item = Item.objects.create(inventory_number="SYN-PDF-1", title_en="Synthetic letter", is_published=True)
    document = real_pdf()
    created = uploader.upload(f"/api/items/{item.pk}/media", document, name="letter.pdf",
                              content_type="application/pdf", allow_download="true")
    assert created.status_code == 201, created.content
    media = Media.objects.get()
    assert read_master(media) == document and PDF_AUTHOR.encode() in document
    download = client.get(client.get(created["Location"]).json()["original_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert PDF_AUTHOR.encode() not in content
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2 and not reader.metadata
    assert "Synthetic test page 2" in reader.pages[1].extract_text()
    assert media.public_copy_removed[0][0] == "document_properties"
    assert "Author" in media.public_copy_removed[0][1]


def test_files_stored_before_public_copies_get_them_from_the_command(client):
    """Until `memoria make-public-copies` has run, an older file's original is not offered at all."""
    item = Item.objects.create(inventory_number="SYN-OLD-1", title_en="Synthetic", is_published=True)
    media = Media(item=item, content_type="image/jpeg", width=400, height=300, allow_download=True)
    media.file.save("old.jpg", ContentFile(camera_image("JPEG")), save=False)
    make_derivatives(media)  # stored as before: display and thumbnail, no public copy
    media.save()
    page = client.get(f"/en/items/{item.pk}/").content.decode()
    assert media.display.url in page and not download_links(page)
    assert client.get(f"/api/items/{item.pk}").json()["media"][0]["original_url"] is None

    out = io.StringIO()
    call_command("make-public-copies", stdout=out, verbosity=0)
    assert "Public copies made for 1 file(s)." in out.getvalue()
    media.refresh_from_db()
    assert ["gps", GPS_SHOWN] in media.public_copy_removed
    [link] = download_links(client.get(f"/en/items/{item.pk}/").content.decode())
    assert_clean_image(b"".join(client.get(link).streaming_content), "JPEG")
    call_command("make-public-copies", stdout=out, verbosity=0)
    assert "Public copies made for 0 file(s)." in out.getvalue()
