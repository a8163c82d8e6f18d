"""Settings for the test suite: a throwaway data directory and fast password hashing.

DATABASE_URL still chooses the database, so the same suite runs on SQLite
and on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("MEMORIA_DATA_DIR", tempfile.mkdtemp(prefix="memoria-test-"))

from memoria.settings import *  # noqa: E402,F403

STORAGES = {
    **STORAGES,
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

# The job-queue tests (tests/jobs/test_worker.py) start a real `memoria worker`, another process, so
# on SQLite the test database must be a file it can open, not Django's in-memory default. One file
# per test process: it lives in that process's own data directory.
if os.environ.get("MEMORIA_TEST_BROKER_URL") and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test.sqlite3")  # noqa: F405

# A read replica (DATABASE_REPLICA_URLS, tests/scaling/) is a hot standby of the whole primary
# cluster: the test database created on the primary reaches it by streaming replication. So the
# suite creates nothing there (it is read-only); as a test mirror, the replica alias keeps its own
# server and port and only takes the test database's name.
for _alias in DATABASES:  # noqa: F405
    if _alias != "default":
        DATABASES[_alias].setdefault("TEST", {})["MIRROR"] = "default"  # noqa: F405

# The suite's crawlers and fuzzers (tests/visibility/test_no_leaks.py, tests/api/test_schemathesis.py)
# send thousands of requests from 127.0.0.1 within seconds. The limiter still counts each one, so
# query counts stay those of production, but never stops them; tests/public/test_rate_limits*.py and
# tests/api/test_rate_limits.py set their own small limits.
MEMORIA_RATE_LIMITS = {
    area: os.environ.get(f"MEMORIA_RATE_LIMIT_{area.upper()}", "100000/60") for area in MEMORIA_RATE_LIMITS  # noqa: F405
}

# The page cache is off for the suite (its tests turn it on): in memory, one per test process.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "memoria-pages"}  # noqa: F405
MEMORIA_PAGE_CACHE_SECONDS = 0

# Rate-limit counts (a SQLite file on an SQLite archive, ratelimit/counting.py) per test process:
# pytest-xdist's workers inherit one MEMORIA_DATA_DIR, and the test client's one address would
# otherwise share its counts across them. The name comes from the xdist worker, not from a fresh
# temporary folder, so that the server a test starts (its gunicorn workers inherit the environment)
# shares one count file across its workers, as in production.
MEMORIA_RATE_LIMIT_FILE = DATA_DIR / f"ratelimit-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.sqlite3"  # noqa: F405
