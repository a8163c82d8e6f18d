"""Where the files visitors send are kept: outside MEDIA_ROOT, so no /media/ URL can ever reach
them (with media in a bucket, in its private folder: settings.STORAGES["contributions"]). Only a
staff view reads them before acceptance; acceptance copies photographs into archive Media (which
makes the public, metadata-stripped copies)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(FileSystemStorage):
    """A storage with no base URL: `.url()` raises, so no template can link a private file."""

    def __init__(self):
        super().__init__(base_url=None)

    # Read at each use, not once: Django keeps one instance per alias, and the data directory
    # is a setting that tests change.
    @property
    def base_location(self):
        return str(settings.MEMORIA_CONTRIBUTIONS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("contribution files are private and have no URL")


class _ContributionsStorage(LazyObject):
    """settings.STORAGES["contributions"], looked up again when the settings change (tests)."""

    def _setup(self):
        self._wrapped = storages["contributions"]


contributions_storage = _ContributionsStorage()


@receiver(setting_changed, dispatch_uid="memoria-contributions-storage")
def _forget_storage(setting, **kwargs):
    if setting == "STORAGES":
        contributions_storage._wrapped = empty


def private_storage():
    # The model field's storage (a callable keeps it out of the migrations).
    return contributions_storage
