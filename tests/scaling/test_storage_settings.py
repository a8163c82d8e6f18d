"""Settings alone choose where media live: the data directory unless MEMORIA_S3_BUCKET is set.

Read from the production settings in a new process, as `memoria serve` would read them; no S3
server is needed (nothing connects before a file is read or written).
"""

import json
import os
import subprocess
import sys

READ = """
import json, os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "memoria.settings"
django.setup()
from django.core.files.storage import storages
from memoria.core.stored_files import describe
storage = storages["default"]
print(json.dumps({"backend": type(storage).__name__, "where": describe(storage),
                  "url": storage.url("derivatives/a b-display.jpg"), "boto3_loaded": "boto3" in sys.modules}))
"""


def storage_of(tmp_path, **variables) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("MEMORIA_S3_") and key not in {"DATABASE_URL", "DATABASE_REPLICA_URLS"}}
    env.update(MEMORIA_DATA_DIR=str(tmp_path), **variables)
    result = subprocess.run([sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=120,
                            check=True)
    return json.loads(result.stdout)


def test_without_a_bucket_media_stay_in_the_data_directory(tmp_path):
    chosen = storage_of(tmp_path)
    # As `make run` has always kept them, and without loading the S3 client at all.
    assert chosen == {"backend": "FileSystemStorage", "where": str(tmp_path / "media"),
                      "url": "/media/derivatives/a%20b-display.jpg", "boto3_loaded": False}


def test_a_bucket_puts_media_in_object_storage_still_linked_through_memoria(tmp_path):
    chosen = storage_of(tmp_path, MEMORIA_S3_BUCKET="archive-media", MEMORIA_S3_ENDPOINT_URL="http://127.0.0.1:9",
                        MEMORIA_S3_ACCESS_KEY="example-key", MEMORIA_S3_SECRET_KEY="example-secret",
                        MEMORIA_S3_REGION="example-region-1", MEMORIA_S3_PREFIX="museum")
    # The same address as on disk: memoria's /media/ view, never the bucket (private) or a signed URL.
    assert chosen == {"backend": "ArchiveS3Storage", "where": "the bucket archive-media (prefix museum/)",
                      "url": "/media/derivatives/a%20b-display.jpg", "boto3_loaded": True}
