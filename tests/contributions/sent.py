"""Contributions sent the way a visitor sends them (contributions.services.submit), for the
moderation tests. Every name, text and address is SYNTHETIC test data, not a family's memory."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from memoria.archive.models import Item, Person
from memoria.contributions.models import Contribution
from memoria.contributions.services import submit
from memoria.contributions.subjects import about_of

_senders = itertools.count(1)


def synthetic_person(**fields) -> Person:
    return Person.objects.create(**{"name_en": "Test Person", "is_published": True, **fields})


def synthetic_item(**fields) -> Item:
    return Item.objects.create(**{"inventory_number": "SYN-CONTRIB-1", "title_en": "Test Item",
                                  "is_published": True, **fields})


def jpeg_upload(data: bytes, name="family-photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/jpeg")


def send(subject, kind=Contribution.Kind.STORY, files=(), **fields) -> tuple[Contribution, str]:
    """One contribution from its own address and e-mail (each under its rate limits)."""
    n = next(_senders)
    data = {"kind": kind, "about": about_of(subject), "language": "en",
            "sent_from": subject.get_absolute_url() if subject is not None else "/en/",
            "text": "Synthetic test story: this text is test data, not a family memory.",
            "contributor_name": "Test Contributor", "contributor_email": f"contributor{n}@example.org",
            "relation": "test relation", "licence": Contribution.Licence.CC_BY, "rights_confirmed": True,
            **fields}
    return submit(data, list(files), client_address=f"192.0.2.{n % 250 + 1}", started_at=None, honeypot="")
