"""The real S3 server of the object-storage tests: SeaweedFS, started by scripts/start-s3.

CI always starts it and sets MEMORIA_TEST_S3_ENDPOINT_URL; on a laptop without it the tests that
need it are skipped, saying how to start it. Each test keeps its objects under a prefix of its
own in the shared bucket (MEMORIA_S3_PREFIX), so test workers never see each other's files.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass

import boto3
import pytest
from django.conf import settings

ENDPOINT = os.environ.get("MEMORIA_TEST_S3_ENDPOINT_URL", "").strip()
ACCESS_KEY = os.environ.get("MEMORIA_TEST_S3_ACCESS_KEY", "memoria-test")
SECRET_KEY = os.environ.get("MEMORIA_TEST_S3_SECRET_KEY", "memoria-test-secret-key")
BUCKET = os.environ.get("MEMORIA_TEST_S3_BUCKET", "memoria-test")

needs_s3 = [
    pytest.mark.skipif(
        not ENDPOINT,
        reason='MEMORIA_TEST_S3_ENDPOINT_URL is not set: start SeaweedFS with `eval "$(scripts/start-s3)"` (CI does)',
    ),
    # `make test` runs tests/scaling/ a third time with DATABASE_REPLICA_URLS, for the replica tests.
    # These ran on the SQLite and PostgreSQL legs; here a visitor's read would go to the standby,
    # which never sees a test's uncommitted upload.
    pytest.mark.skipif(
        len(settings.DATABASES) > 1,
        reason="the object-storage tests run on the SQLite and PostgreSQL legs, not with read replicas",
    ),
]


def client():
    return boto3.client("s3", endpoint_url=ENDPOINT, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name="us-east-1")


@dataclass
class Prefix:
    """A folder of the test bucket, seen with the server's own client (not through memoria)."""

    name: str

    def env(self) -> dict[str, str]:
        """The variables that put an archive's media in this folder."""
        return {"MEMORIA_S3_BUCKET": BUCKET, "MEMORIA_S3_ENDPOINT_URL": ENDPOINT, "MEMORIA_S3_ACCESS_KEY": ACCESS_KEY,
                "MEMORIA_S3_SECRET_KEY": SECRET_KEY, "MEMORIA_S3_PREFIX": self.name}

    def keys(self) -> list[str]:
        """The names of the objects in the folder, without the folder."""
        pages = client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=f"{self.name}/")
        return sorted(entry["Key"][len(self.name) + 1:] for page in pages for entry in page.get("Contents", ()))

    def read(self, name: str) -> bytes:
        return client().get_object(Bucket=BUCKET, Key=f"{self.name}/{name}")["Body"].read()

    def digests(self) -> dict[str, str]:
        return {name: hashlib.sha256(self.read(name)).hexdigest() for name in self.keys()}

    def url(self, name: str) -> str:
        """The object's plain address on the server, as someone guessing it would ask."""
        return f"{ENDPOINT}/{BUCKET}/{self.name}/{name}"

    def empty(self) -> None:
        s3 = client()
        for name in self.keys():
            s3.delete_object(Bucket=BUCKET, Key=f"{self.name}/{name}")


def new_prefix() -> Prefix:
    return Prefix(f"test-{uuid.uuid4().hex[:16]}")
