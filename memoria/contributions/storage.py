"""Where the files visitors send are kept: outside MEDIA_ROOT, so no /media/ URL can ever reach
them. Only a staff view reads them before acceptance; acceptance copies photographs into archive
Media (which makes the public, metadata-stripped copies)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A storage with no base URL: `.url()` raises, so no template can link a private file."""

    def __init__(self):
        super().__init__(location=settings.MEMORIA_CONTRIBUTIONS_ROOT, base_url=None)

    def url(self, name):
        raise ValueError("contribution files are private and have no URL")


def private_storage() -> PrivateStorage:
    # A callable, so the location follows the settings at use (tests use their own data dir).
    return PrivateStorage()
