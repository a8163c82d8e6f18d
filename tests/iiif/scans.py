"""SYNTHETIC scans for the IIIF tests: noise over a gradient, nothing from the archive."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from memoria.archive.media import inspect_upload
from memoria.archive.models import Item, Media
from memoria.archive.services import media_finish_upload


def synthetic_jpeg(size=(1800, 1200), seed_color=(150, 120, 90)) -> bytes:
    noise = Image.effect_noise(size, 48)
    gradient = Image.linear_gradient("L").resize(size)
    colour = Image.new("RGB", size, seed_color)
    picture = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    picture = Image.blend(picture, colour, 0.3)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def synthetic_item(number="SYN-IIIF-0001", published=True, **fields) -> Item:
    values = {"inventory_number": number, "kind": "document",
              "title_en": f"Synthetic item {number}", "is_published": published}
    values.update(fields)
    return Item.objects.create(**values)


def add_scan(item: Item, data: bytes, name="synthetic-scan.jpg", **fields) -> Media:
    """Store a scan the way the back office does: check the bytes, save, make derivatives and tiles."""
    upload = SimpleUploadedFile(name, data, "image/jpeg")
    inspected = inspect_upload(upload)
    media = Media(item=item, content_type=inspected.content_type, width=inspected.width,
                  height=inspected.height, alt_text_en="A synthetic test scan", **fields)
    media.file.save(name, upload, save=False)
    media.save()
    return media_finish_upload(media)
