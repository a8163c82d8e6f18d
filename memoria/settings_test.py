"""Settings for the test suite: a throwaway data directory and fast password hashing.

DATABASE_URL still chooses the database, so the same suite runs on SQLite
and on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("MEMORIA_DATA_DIR", tempfile.mkdtemp(prefix="memoria-test-"))

from memoria.settings import *  # noqa: E402,F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when it is missing)
