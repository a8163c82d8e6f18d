"""What `memoria serve` does before it answers, kept to what a change asks for, and the server.

A warm restart (the same code, the same archive) used to redo everything: `migrate` rebuilt the
migration state and sent post_migrate to every app (2 s), `collectstatic` hashed and re-compressed
every static file (4 s), and gunicorn started a second interpreter whose workers each loaded
memoria again before the first request loaded the URLconf. Now each step runs when it has
something to do, and gunicorn runs in this process with memoria already loaded: the workers fork
from it ready to answer.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication

from memoria.core.roles import ensure_roles


def migrate_if_needed() -> bool:
    """Apply the migrations not yet applied; True when there were some.

    Without any, migrate's post_migrate would only refresh the roles (new models and permissions
    come with a migration), so that is all this does then.
    """
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
        return True
    ensure_roles()
    return False


def _stamp_path() -> Path:
    """Beside the collected files, not among them: whitenoise serves everything in STATIC_ROOT."""
    root = Path(settings.STATIC_ROOT)
    return root.with_name(f"{root.name}.fingerprint")


def static_sources_fingerprint() -> str:
    """A digest of every file collectstatic would collect (its name, size and time) and the storage."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            stat = os.stat(storage.path(path))
            entries.append(f"{getattr(storage, 'prefix', None) or ''}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def _collected() -> bool:
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    return staticfiles_storage.exists(manifest) if manifest else Path(settings.STATIC_ROOT).is_dir()


def collect_static_if_changed() -> bool:
    """Run collectstatic when a static file was added, changed or removed since the last run (or the
    collected files are gone); True when it ran."""
    fingerprint = static_sources_fingerprint()
    stamp = _stamp_path()
    if _collected() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


class Server(BaseApplication):
    """gunicorn in this process, memoria loaded before the workers fork (gunicorn's preload)."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("preload_app", True)

    def load(self):
        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        application = get_wsgi_application()
        # The URLconf and what it brings (the API, every admin module) load once, here, rather
        # than in each worker on its first request.
        get_resolver().url_patterns
        # Each worker opens its own connections: one inherited across fork would be shared.
        connections.close_all()
        return application
