"""`memoria oai-bench`: time OAI-PMH ListRecords pages over a million synthetic records.

The records go into a throwaway SQLite database in a temporary data
directory, made and removed by this command: the archive configured by
MEMORIA_DATA_DIR / DATABASE_URL is never touched. The work runs in a child
process because the database is chosen when Django starts.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from memoria.benchmarks import oai
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Fill a throwaway SQLite database with SYNTHETIC published records and time OAI-PMH "
            "ListRecords pages (first, deep via resumption token, set, from/until).")

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=1_000_000)
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per case")
        parser.add_argument("--out", default="bench/results/oai.json")
        parser.add_argument("--keep", metavar="DIR",
                            help="use (and keep) this directory as the throwaway data directory; "
                                 "run again on it to measure the records filled before")
        parser.add_argument("--in-throwaway-database", action="store_true",
                            help="internal: this process already runs on the throwaway database")

    def handle(self, *args, records, repeat, out, keep, in_throwaway_database, **options):
        if records < 1000:
            raise CommandError("--records must be at least 1000.")
        if in_throwaway_database:
            return self._work(records, repeat, out)
        data_dir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="memoria-oai-bench-"))
        if keep and data_dir.exists() and any(data_dir.iterdir()) and not (data_dir / "memoria.sqlite3").exists():
            raise CommandError(f"{data_dir} is neither empty nor an earlier oai-bench directory.")
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(MEMORIA_DATA_DIR=str(data_dir), SECRET_KEY=secrets.token_urlsafe(32),
                   DJANGO_SETTINGS_MODULE="memoria.settings")
        self.stderr.write(f"throwaway database in {data_dir}")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "memoria", "oai-bench", "--records", str(records), "--repeat",
                 str(repeat), "--out", str(Path(out).resolve()), "--in-throwaway-database"],
                env=env, check=False,
            )
        finally:
            if not keep:
                shutil.rmtree(data_dir, ignore_errors=True)
        if done.returncode:
            raise CommandError(f"the benchmark failed (exit status {done.returncode}).")

    def _work(self, records, repeat, out):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("oai-bench runs on a throwaway SQLite database only.")
        call_command("migrate", verbosity=0)
        try:
            result = oai.run(records, repeat, progress=lambda line: self.stderr.write(line))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(oai.write(result, out))
        self.stderr.write(f"written to {out}")
