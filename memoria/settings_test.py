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

# Several test runs against one PostgreSQL server at once (e.g. two checkouts) each need their own
# test database: MEMORIA_TEST_DB_NAME names it (pytest-xdist still adds its _gw0, _gw1 suffixes).
if os.environ.get("MEMORIA_TEST_DB_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["MEMORIA_TEST_DB_NAME"]  # noqa: F405
