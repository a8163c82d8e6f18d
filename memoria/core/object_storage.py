"""Media in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, Ceph…), chosen by settings alone.

`settings.object_storage()` configures this backend when MEMORIA_S3_BUCKET is set; without it the
archive keeps its files in the data directory (Django's FileSystemStorage), as a museum's own
server does. Only this module imports django-storages and boto3, so the embedded default never
loads them.

The bucket stays private (objects written with the "private" ACL; the server must refuse anonymous
reads). Visitors never get an address in it: `url()` names memoria's own /media/ route, whose view
applies the visibility rule (archive.media_access) and streams the object. Streaming rather than a
presigned URL, because:
  - a presigned URL works for anyone holding it until it expires: unpublishing a record would not
    withdraw a link already handed out, and a copied link would be a way around the rule;
  - the headers that keep an uploaded file from running as a page (CSP sandbox, nosniff,
    attachment for non-images) and the download's original name stay memoria's;
  - the page's CSP stays 'self' only and the bucket needs no public address at all: it may live
    on a private network that only the app servers reach.
The cost is that the bytes pass through the app server: IIIF tiles carry a public Cache-Control,
so a caching reverse proxy in front takes most of that load.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from memoria.core.stored_files import StoredFile


#: The folder of the bucket (under MEMORIA_S3_PREFIX) that holds files no visitor may ever reach:
#: family contributions before a curator's decision (contributions/storage.py). The media
#: storage's listing (a backup, the restore's "is it empty?") leaves it out: it is not media.
PRIVATE_FOLDER = "private"


class ArchiveS3Storage(S3Storage):
    """django-storages' S3 backend, with links through memoria and a listing in one request a page."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        # memoria's /media/ view, as FileSystemStorage would link it: never the bucket's address.
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))

    def describe(self) -> str:
        where = f"the bucket {self.bucket_name}"
        return f"{where} (prefix {self.location}/)" if self.location else where

    def files_under(self, prefix: str) -> Iterator[StoredFile]:
        """Every object whose name starts with the folder `prefix` ("" = all), in key order.

        One flat, paginated listing (1000 keys a request) instead of one request per "folder"
        as `listdir` does: a deep-zoom pyramid has hundreds of folders.
        """
        key_prefix = self._normalize_name(clean_name(prefix)) if prefix else self.location
        if key_prefix and not key_prefix.endswith("/"):
            key_prefix += "/"
        start = len(self.location) + 1 if self.location else 0
        for summary in self.bucket.objects.filter(Prefix=key_prefix):
            name = summary.key[start:]
            if summary.key.endswith("/") or self._private(name):  # "folder" markers some tools write
                continue
            yield StoredFile(name, summary.size, summary.last_modified)

    def _private(self, name: str) -> bool:
        return name.startswith(f"{PRIVATE_FOLDER}/")


class PrivateS3Storage(ArchiveS3Storage):
    """The bucket's private folder (location <prefix>/private): files with no address at all."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("private files have no URL")

    def _private(self, name: str) -> bool:
        return False
