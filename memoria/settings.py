"""memoria settings, read from environment variables with safe defaults.

No variable set = an embedded archive: one data directory holding the SQLite
database, the uploaded media and the secret key; DEBUG off.

Variables:
  MEMORIA_DATA_DIR   data directory (default: ./memoria-data)
  DATABASE_URL       e.g. postgres://user@host:5432/memoria (default: SQLite in the data dir)
  SECRET_KEY         default: generated once and kept in DATA_DIR/secret_key
  DEBUG              "1" to turn on Django's debug mode (never in production)
  MEMORIA_HTTPS      "1" when served behind HTTPS: secure cookies, HSTS, SSL redirect
  ALLOWED_HOSTS      comma-separated (default: localhost names only, unless MEMORIA_HTTPS)
  MEMORIA_MAX_UPLOAD_MB   largest accepted media file (default 50)
  MEMORIA_IMPORT_MAX_MB   largest accepted import spreadsheet (default 50)
  MEMORIA_MAX_REQUEST_MB  largest request of a page taking several files (default 200)
  MEMORIA_IMPORT_MAX_UNPACKED_MB, _MAX_RATIO, _MAX_SHEETS, _MAX_ROWS, _MAX_COLUMNS, _MAX_CELL_CHARS
                          limits of an import spreadsheet (see "Upload and import limits" below)
  MEMORIA_TEXT_MAX_MB  largest text file read into a source, TXT/DOCX/PDF (default 20)
  MEMORIA_PUBLIC_URL  public address printed in QR labels (default: the back office's host)
  MEMORIA_KIOSK_IDLE_MINUTES   kiosk mode goes back home after this idle time (default 3)
  MEMORIA_TILE_URL   raster tiles for the public map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png;
                     its host is added to the CSP img-src. Default: none, and the map draws
                     memoria's own offline basemap (Natural Earth, served as a static file), so a
                     hall server without internet still shows land, borders and names
  MEMORIA_TILE_ATTRIBUTION   the credit the tile server asks for (HTML, shown on the map;
                     default: Natural Earth's credit for the offline basemap)
  MEMORIA_ADMIN_EMAIL  the archive's contact address, given to harvesters in OAI-PMH Identify
                     (default not-configured@memoria.invalid, an address that reaches no one)
  MEMORIA_RATE_LIMIT_SEARCH, _NAMES, _API, _OAI   requests per client address, "requests/seconds"
                     or "off" (defaults 120/60, 60/60, 300/60, 120/60; see "Rate limits" below)
  MEMORIA_TRUSTED_PROXIES   reverse proxies whose X-Forwarded-For names the client (default none)
  MEMORIA_RATE_LIMIT_CONTRIBUTIONS   family contributions per client address and per e-mail
                     address, "count/seconds" or "off" (default 5/3600)
  MEMORIA_CONTRIBUTION_MIN_SECONDS, _MAX_FILES, _MAX_FILE_MB, _RETENTION_DAYS   the contribution
                     form's fill time (5), files (10 of 20 MB) and days refused files are kept (30)
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
                     SMTP for the e-mails to contributors (default: printed on the console)
  MEMORIA_CACHE_URL  redis://… to keep the rate-limit counts in Redis (default: ratelimit.sqlite3 in the
                     data dir beside an SQLite archive, the table ratelimit_counter on PostgreSQL), and
                     the shared cache ("default" alias) there too (default: each process its own)
  DATABASE_REPLICA_URLS  comma-separated URLs of streaming read replicas of DATABASE_URL: visitors'
                     reads go to them (memoria/core/db_router.py; docs/SCALING.md). Default: none
  MEMORIA_READ_YOUR_WRITES_SECONDS  after a write, that browser reads from the primary this long (15)
  MEMORIA_PAGE_CACHE_SECONDS  how long anonymous visitors' public pages stay cached (default 600;
                     "0" turns the page cache off). Any write makes every cached page unreachable
                     at once (memoria/core/page_cache.py); with replicas, a page read from a standby
                     is kept only once the standby has replayed the latest write
  MEMORIA_S3_BUCKET  keep media and IIIF tiles in this S3-compatible bucket instead of the data
                     directory (a private bucket; visitors get files only through memoria, see
                     memoria/core/object_storage.py and docs/SCALING.md). Default: none, local files
  MEMORIA_S3_ENDPOINT_URL   the S3 server, e.g. http://127.0.0.1:8333 (default: AWS S3 itself)
  MEMORIA_S3_ACCESS_KEY, MEMORIA_S3_SECRET_KEY   its credentials (default: boto3's own lookup)
  MEMORIA_S3_REGION  its region (default: none, boto3's own)
  MEMORIA_S3_PREFIX  a folder in the bucket for this archive's objects (default: the whole bucket)
  MEMORIA_JOBS_BROKER_URL  amqp://… (RabbitMQ) or redis://… : heavy work (tiles, imports, duplicate
                     finding, reindexing, clean-up) goes to `memoria worker` processes through this
                     broker (Celery). Default: none, jobs run in the process that asks (docs/SCALING.md)
  MEMORIA_JOBS_QUEUE  the broker's queue of this archive's jobs (default "memoria")
  MEMORIA_JOBS_CONCURRENCY  jobs one `memoria worker` runs at once (default 1)
  MEMORIA_JOBS_RETRY_SECONDS  wait before a failed job's second attempt, doubled for each next (30)
  MEMORIA_JOBS_VISIBILITY_TIMEOUT  Redis brokers only: seconds before a job a worker took but never
                     acknowledged goes to another worker; longer than the longest job (21600)
"""

import os
import secrets
from pathlib import Path

import dj_database_url


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MEMORIA_DATA_DIR", "memoria-data")).resolve()
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"


def _secret_key() -> str:
    """The key from the environment, or one generated once and kept in the data dir."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # Created with owner-only permissions: the key signs sessions.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_flag("DEBUG")
HTTPS = env_flag("MEMORIA_HTTPS")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # The admin, its modules discovered by the URLconf rather than at start (backoffice/admin_app.py).
    "memoria.backoffice.admin_app.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "csp",
    "memoria.core",
    "memoria.jobs",
    "memoria.sources",
    "memoria.archive",
    "memoria.exhibitions",
    "memoria.public",
    "memoria.search",
    "memoria.api",
    "memoria.interop",
    "memoria.demo",
    "memoria.imports",
    "memoria.labels",
    "memoria.iiif",
    "memoria.backoffice",
    "memoria.benchmarks",
    "memoria.ratelimit",
    "memoria.contributions",
    "memoria.texts",
    "memoria.duplicates",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the shared page cache (memoria/public/page_cache.py):
    # a hit skips everything below.
    "memoria.public.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: an oversized upload is refused before it is received.
    "memoria.core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: in kiosk mode public pages see an anonymous visitor.
    "memoria.labels.kiosk.KioskMiddleware",
    # After the kiosk too: a hall screen counts as a visitor, a signed-in curator does not.
    "memoria.ratelimit.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "memoria.core.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "memoria.urls"
WSGI_APPLICATION = "memoria.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "memoria.public.context_processors.site",
                "memoria.labels.kiosk.context",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "memoria.sqlite3"),
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets visitors read while a curator writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside a transaction.
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    return config


DATABASES = {"default": _database()}

# --- Read replicas (memoria/core/db_router.py) -------------------------------------------------
# Each URL of DATABASE_REPLICA_URLS becomes the alias "replica_1", "replica_2", ...; the router and
# its middleware are installed only then, so an archive without replicas pays nothing for them.
DATABASE_ROUTERS: list[str] = []
for _n, _url in enumerate([u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()], 1):
    DATABASES[f"replica_{_n}"] = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["memoria.core.db_router.PrimaryReplicaRouter"]
    # After authentication (it asks who is signed in) and the rate limiter (whose counts are writes).
    MIDDLEWARE.insert(MIDDLEWARE.index("memoria.ratelimit.middleware.RateLimitMiddleware") + 1,
                      "memoria.core.db_router.ReplicaReadsMiddleware")
MEMORIA_READ_YOUR_WRITES_SECONDS = int(os.environ.get("MEMORIA_READ_YOUR_WRITES_SECONDS", "15"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Throttled admin logins: after 5 failures from one address and user name,
# that pair is locked out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_VERBOSE = False

# --- The server (`memoria serve`: gunicorn, memoria/public/serving.py) ----------------------
# Worker processes: one per core this process may use (its CPU affinity). Python runs one thread
# at a time in a process, so processes are what put the cores to work.
# Threads per worker: a request mostly waits (the database, files, the client); 4 threads let a
# worker answer others meanwhile, so the server holds 4 requests per core in progress.
def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


MEMORIA_SERVER_WORKERS = int(os.environ.get("MEMORIA_SERVER_WORKERS") or os.environ.get("WEB_CONCURRENCY") or _cores())
MEMORIA_SERVER_THREADS = int(os.environ.get("MEMORIA_SERVER_THREADS", "4"))

# --- Languages -----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
    ("fr", "Français"),
]
# When a text is missing in the visitor's language, memoria shows the first
# available of these and says so on the page ("not yet translated").
MEMORIA_FALLBACK_LANGUAGES = ["en", "ru", "kk", "fr"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en", "fr")
# Fallbacks are resolved by memoria.core.i18n so the page can say when one is used.
MODELTRANSLATION_ENABLE_FALLBACKS = False
# Language tabs in the back office, with jQuery UI served by us (no CDN).
JQUERY_UI_URL = "memoria/vendor/jquery-ui-1.14.1.min.js"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["memoria.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

# --- Files ------------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Family contributions' files before a decision: DATA_DIR/contributions, outside MEDIA_ROOT.
    "contributions": {"BACKEND": "memoria.contributions.storage.PrivateStorage"},
}


def object_storage(bucket: str, *, endpoint_url: str = "", access_key: str = "", secret_key: str = "",
                   region: str = "", prefix: str = "", private: bool = False) -> dict:
    """STORAGES["default"] for media and tiles in an S3-compatible bucket (core/object_storage.py);
    with `private`, STORAGES["contributions"]: the same bucket's folder <prefix>/private, which the
    media storage never lists and nothing links."""
    if private:
        prefix = f"{prefix.strip('/')}/private".lstrip("/")
    return {
        "BACKEND": "memoria.core.object_storage." + ("PrivateS3Storage" if private else "ArchiveS3Storage"),
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            "location": prefix.strip("/"),
            # No ACL on any object: it stays as private as the bucket (new AWS buckets refuse ACL
            # headers anyway). Signed addresses only, if anything asked django-storages for one;
            # memoria's own url() links its /media/ view instead.
            "default_acl": None,
            "querystring_auth": True,
            # As on local disk, a stored file is never rewritten in place (a backup relies on it).
            "file_overwrite": False,
            # Self-hosted S3 servers answer at one address for every bucket (path-style requests).
            "addressing_style": "path" if endpoint_url else None,
            # A file read back (a download streamed to a visitor, an original cut into tiles)
            # waits in memory up to 2 MB, on disk beyond: bounded memory whatever its size.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


if os.environ.get("MEMORIA_S3_BUCKET", "").strip():
    # Every app server sees the same files: media, tiles and the families' files in review.
    for _alias, _private in (("default", False), ("contributions", True)):
        STORAGES[_alias] = object_storage(
            os.environ["MEMORIA_S3_BUCKET"].strip(),
            endpoint_url=os.environ.get("MEMORIA_S3_ENDPOINT_URL", "").strip(),
            access_key=os.environ.get("MEMORIA_S3_ACCESS_KEY", "").strip(),
            secret_key=os.environ.get("MEMORIA_S3_SECRET_KEY", "").strip(),
            region=os.environ.get("MEMORIA_S3_REGION", "").strip(),
            prefix=os.environ.get("MEMORIA_S3_PREFIX", "").strip(),
            private=_private,
        )
MEMORIA_MAX_UPLOAD_BYTES = int(os.environ.get("MEMORIA_MAX_UPLOAD_MB", "50")) * 1024 * 1024
# Largest spreadsheet `memoria import` and the Import page accept (checked before reading).
MEMORIA_IMPORT_MAX_BYTES = int(os.environ.get("MEMORIA_IMPORT_MAX_MB", "50")) * 1024 * 1024
# Images larger than this many pixels are refused (decompression bombs).
MEMORIA_MAX_IMAGE_PIXELS = 120_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# --- Upload and import limits (memoria/core/uploads.py, memoria/imports/limits.py) -------
# All hold before the work starts: a request over its size is refused from its Content-Length,
# a file as soon as it passes its size while arriving; an XLSX from its ZIP directory.
MEMORIA_MAX_REQUEST_BYTES = int(os.environ.get("MEMORIA_MAX_REQUEST_MB", "200")) * 1024 * 1024
MEMORIA_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("MEMORIA_IMPORT_MAX_UNPACKED_MB", "500")) * 1024 * 1024
MEMORIA_IMPORT_MAX_RATIO = int(os.environ.get("MEMORIA_IMPORT_MAX_RATIO", "100"))
MEMORIA_IMPORT_MAX_SHEETS = int(os.environ.get("MEMORIA_IMPORT_MAX_SHEETS", "20"))
MEMORIA_IMPORT_MAX_ROWS = int(os.environ.get("MEMORIA_IMPORT_MAX_ROWS", "1000000"))
MEMORIA_IMPORT_MAX_COLUMNS = int(os.environ.get("MEMORIA_IMPORT_MAX_COLUMNS", "200"))
MEMORIA_IMPORT_MAX_CELL_CHARS = int(os.environ.get("MEMORIA_IMPORT_MAX_CELL_CHARS", "100000"))
# A text to read into a source (memoria.texts.reading): TXT, DOCX or PDF, and what a DOCX may unpack to.
MEMORIA_TEXT_MAX_BYTES = int(os.environ.get("MEMORIA_TEXT_MAX_MB", "20")) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Map background (the public map, archive/selectors_geo.py; public/static/memoria/map.js) ----
# By default the map draws the offline basemap from memoria's own static files (fetched by map.js:
# same origin, so the CSP's default-src 'self' covers it). Tiles from a server are an option;
# they are then the only thing memoria fetches from another server, so their host is the only
# one the CSP adds. The page works without any background (markers, popups and the list show).
MEMORIA_TILE_URL = os.environ.get("MEMORIA_TILE_URL", "").strip()
MEMORIA_TILE_ATTRIBUTION = os.environ.get(
    "MEMORIA_TILE_ATTRIBUTION",
    "" if MEMORIA_TILE_URL else 'Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
)


def _tile_csp_sources(url: str) -> list[str]:
    """The CSP source of the tile server: "https://a.host" (or "https://*.host" for {s}.host)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return []  # relative URL: tiles served by memoria's own host ('self')
    host = parts.netloc.replace("{s}", "*")
    return [f"{parts.scheme}://{host}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_csp_sources(MEMORIA_TILE_URL)],
        "connect-src": ["'self'"],  # map.js fetches the offline basemap, a static file of ours
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

MEMORIA_SITE_NAME = "memoria"

# --- QR labels and kiosk (memoria.labels) -------------------------------------
# The public address printed in label QR codes (e.g. https://memoria.example.org); empty =
# the address the back office is reached at.
MEMORIA_PUBLIC_URL = os.environ.get("MEMORIA_PUBLIC_URL", "").strip()
# Kiosk mode returns to the exhibition's home after this many idle minutes (fractions allowed).
MEMORIA_KIOSK_IDLE_MINUTES = float(os.environ.get("MEMORIA_KIOSK_IDLE_MINUTES", "3"))

# --- OAI-PMH (memoria.interop) ------------------------------------------------
# The address harvesters write to about the archive (Identify's adminEmail). The default is in
# the .invalid domain (RFC 2606), which no mail ever reaches: it says "not set" without posing as
# a real mailbox. A value the OAI-PMH schema refuses stops `memoria serve`, `check` and `migrate`
# (memoria/interop/checks.py).
MEMORIA_ADMIN_EMAIL = os.environ.get("MEMORIA_ADMIN_EMAIL", "").strip() or "not-configured@memoria.invalid"

# --- Rate limits (memoria.ratelimit) ----------------------------------------------
# Per client address and area, counted in windows every server worker shares: in Redis under the
# cache alias "ratelimit" when MEMORIA_CACHE_URL names a server (its own alias, so that a page cache
# on "default" can never evict the counts); else, on SQLite, in a file of their own beside the
# archive (MEMORIA_RATE_LIMIT_FILE: a visitor's search never takes the archive's write lock), and on
# PostgreSQL in the table ratelimit_counter. Only the expensive endpoints are limited; the defaults let a classroom
# behind one address search together (2 searches a second, sustained over the minute).
MEMORIA_CACHE_URL = os.environ.get("MEMORIA_CACHE_URL", "").strip()
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if MEMORIA_CACHE_URL:
    # The shared cache: every app server behind a load balancer sees the same entries.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": MEMORIA_CACHE_URL,
        "KEY_PREFIX": "memoria",
    }
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": MEMORIA_CACHE_URL,
        "KEY_PREFIX": "memoria-ratelimit",
    }
# --- Page cache (memoria/public/page_cache.py, memoria/core/page_cache.py) -----------------------
# Anonymous visitors' public pages, kept MEMORIA_PAGE_CACHE_SECONDS (0 = off) and made unreachable
# by any committed write. Shared by every worker: in Redis when MEMORIA_CACHE_URL is set, else in
# files under the data directory. Files rather than the database cache: a miss then writes no row
# (SQLite has one writer, and a curator's save must not queue behind visitors' cache writes) and
# there is no cache table to create. Files are shared by the workers of ONE host only: several app
# servers must set MEMORIA_CACHE_URL. With read replicas the cache is off unless asked for: a page
# rendered from a replica that has not yet replayed a write would be stored under the new generation.
if MEMORIA_CACHE_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": MEMORIA_CACHE_URL,
        "KEY_PREFIX": "memoria-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "memoria.core.page_cache.LazyFileCache",
        "LOCATION": str(DATA_DIR / "cache" / "pages"),
        # Each store lists the directory to cull: bounded so that a miss stays cheap.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
MEMORIA_PAGE_CACHE_SECONDS = int(os.environ.get("MEMORIA_PAGE_CACHE_SECONDS", "600"))
MEMORIA_RATE_LIMIT_FILE = DATA_DIR / "ratelimit.sqlite3"
# "requests/seconds", or "off"; MEMORIA_RATE_LIMIT_SEARCH=240/60 etc. override each.
MEMORIA_RATE_LIMITS = {
    area: os.environ.get(f"MEMORIA_RATE_LIMIT_{area.upper()}", default)
    for area, default in {"search": "120/60", "names": "60/60", "api": "300/60", "oai": "120/60"}.items()
}
# Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; by default none,
# so a client cannot choose its own address by sending the header.
MEMORIA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("MEMORIA_TRUSTED_PROXIES", "").split(",") if p.strip()]

# --- Family contributions (memoria.contributions) ----------------------------------------
# The files visitors send are kept here, outside MEDIA_ROOT: no URL serves them.
MEMORIA_CONTRIBUTIONS_ROOT = DATA_DIR / "contributions"
# Declined and withdrawn contributions' files are deleted this many days after the decision
# (`memoria purge-contributions`, meant for cron).
MEMORIA_CONTRIBUTION_RETENTION_DAYS = int(os.environ.get("MEMORIA_CONTRIBUTION_RETENTION_DAYS", "30"))
# A form sent sooner than this after it was shown is refused (robots fill forms instantly).
MEMORIA_CONTRIBUTION_MIN_SECONDS = float(os.environ.get("MEMORIA_CONTRIBUTION_MIN_SECONDS", "5"))
# Files per contribution, and the largest file accepted.
MEMORIA_CONTRIBUTION_MAX_FILES = int(os.environ.get("MEMORIA_CONTRIBUTION_MAX_FILES", "10"))
MEMORIA_CONTRIBUTION_MAX_FILE_BYTES = int(os.environ.get("MEMORIA_CONTRIBUTION_MAX_FILE_MB", "20")) * 1024 * 1024
# Contributions per client address and, separately, per e-mail address: "count/seconds" or "off".
MEMORIA_CONTRIBUTION_RATE_LIMIT = os.environ.get("MEMORIA_RATE_LIMIT_CONTRIBUTIONS", "5/3600")
# E-mail to contributors: printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or MEMORIA_ADMIN_EMAIL
# --- Duplicate people (memoria.duplicates) -------------------------------------
# Pairs scored from this on (0..1) are proposed as "may be the same person"; 0.7 is what
# `memoria duplicates-bench --folds 5` tunes on some names and confirms on others (held-out
# precision 0.95 and recall 0.90 there; docs/PERFORMANCE.md, "Duplicate people").
MEMORIA_DUPLICATE_MIN_SCORE = float(os.environ.get("MEMORIA_DUPLICATE_MIN_SCORE", "0.7"))

# --- Jobs (memoria.jobs; docs/SCALING.md, "Job queue") -------------------------------------------
# Heavy work is a Job. Without a broker it runs in the process that asks (the embedded default);
# with one, in `memoria worker` processes (Celery; RabbitMQ preferred: it hands a dead worker's job
# to another at once).
MEMORIA_JOBS_BROKER_URL = os.environ.get("MEMORIA_JOBS_BROKER_URL", "").strip()
MEMORIA_JOBS_QUEUE = os.environ.get("MEMORIA_JOBS_QUEUE", "").strip() or "memoria"
MEMORIA_JOBS_CONCURRENCY = int(os.environ.get("MEMORIA_JOBS_CONCURRENCY", "1"))
MEMORIA_JOBS_RETRY_SECONDS = float(os.environ.get("MEMORIA_JOBS_RETRY_SECONDS", "30"))
MEMORIA_JOBS_VISIBILITY_TIMEOUT = int(os.environ.get("MEMORIA_JOBS_VISIBILITY_TIMEOUT", str(6 * 3600)))
# Periodic jobs sent by `memoria worker --beat`: kind -> seconds between runs.
MEMORIA_JOBS_SCHEDULE = {"purge-contributions": 24 * 3600}
# A running job's progress, shared by the server and the workers (memoria/jobs/progress.py): Redis
# with MEMORIA_CACHE_URL, else files in the data directory (one host).
CACHES["jobs"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": MEMORIA_CACHE_URL,
     "KEY_PREFIX": "memoria-jobs"} if MEMORIA_CACHE_URL
    else {"BACKEND": "memoria.core.page_cache.LazyFileCache",
          "LOCATION": str(DATA_DIR / "cache" / "jobs")}
)
# Failed jobs are e-mailed to the archive's contact address, when one is set.
ADMINS = [] if MEMORIA_ADMIN_EMAIL.endswith("@memoria.invalid") else [("memoria", MEMORIA_ADMIN_EMAIL)]
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An import checks its new people against the archive and warns about look-alikes; off, a bulk
# load leaves that to a later `memoria duplicates` (import-bench measures the import both ways).
MEMORIA_DUPLICATE_CHECK_IMPORTS = env_flag("MEMORIA_DUPLICATE_CHECK_IMPORTS", True)
