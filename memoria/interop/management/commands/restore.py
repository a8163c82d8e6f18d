import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.interop.backup import BackupError, restore_backup
from memoria.interop.export import progress_bars


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Restore a backup made by `memoria backup` into an empty database (DATABASE_URL, or "
            "SQLite in MEMORIA_DATA_DIR) and an empty media directory. The archive is verified "
            "before anything is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup: FILE.tar.gz or FILE.tar")

    def handle(self, *args, **options):
        started = time.monotonic()
        path = Path(options["file"])
        try:
            manifest = restore_backup(path, progress_bars(self.stderr, options["verbosity"]))
        except (BackupError, OSError, DatabaseError) as exc:
            raise CommandError(f"Cannot restore {path}: {exc}") from exc
        records = sum(manifest["database"]["records"].values())
        media = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {path} (made {manifest['created_at']} by memoria {manifest['memoria_version']}): "
            f"{records} records, {media} media files, in {time.monotonic() - started:.1f} s."
        ))
