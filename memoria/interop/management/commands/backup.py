import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.interop.backup import BackupError, create_backup
from memoria.interop.export import ExportError, progress_bars


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Write the whole archive — every record and every media file — into one file, "
            "FILE.tar.gz or FILE.tar. Safe while the site is serving.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup to write: a name ending in .tar.gz or .tar")

    def handle(self, *args, **options):
        started = time.monotonic()
        path = Path(options["file"])
        try:
            manifest = create_backup(path, progress_bars(self.stderr, options["verbosity"]))
        except (BackupError, ExportError, OSError, DatabaseError) as exc:
            raise CommandError(f"Cannot back up to {path}: {exc}") from exc
        records = sum(manifest["database"]["records"].values())
        media = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {path}: {records} records, {media} media files, "
            f"{path.stat().st_size / 1024 / 1024:.1f} MB, in {time.monotonic() - started:.1f} s."
        ))
