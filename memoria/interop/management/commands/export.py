import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.interop.export import ExportError, atomic_output, export_records, progress_bars

SECRETS_WARNING = ("The export includes every account's password hash, API token hashes, sessions "
                   "and login logs: keep it as carefully as the database itself.")


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Write the archive's records as JSON lines (format: memoria/interop/export.py) to FILE, "
            "or to standard output. No accounts, tokens, sessions or history unless --include-accounts.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")
        parser.add_argument(
            "--include-accounts", action="store_true",
            help="every table, as a backup holds it: accounts with password hashes, API token "
                 "hashes, sessions, logs and history",
        )

    def handle(self, *args, **options):
        progress = progress_bars(self.stderr, options["verbosity"])
        include_accounts = options["include_accounts"]
        if include_accounts:
            self.stderr.write(self.style.WARNING(SECRETS_WARNING))
        try:
            if options["file"]:
                path = Path(options["file"])
                with atomic_output(path) as out:
                    counts = self._write(out, progress, include_accounts)
                self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} records written to {path}."))
            else:
                out = self.stdout._out
                # JSON lines are UTF-8 whatever the terminal's locale says.
                self._write(getattr(out, "buffer", None) or out, progress, include_accounts)
        except (ExportError, OSError, DatabaseError) as exc:
            raise CommandError(f"Cannot export: {exc}") from exc

    @staticmethod
    def _write(out, progress, include_accounts: bool) -> dict[str, int]:
        if isinstance(out, io.TextIOBase):  # a text stream handed to call_command()
            return export_records(out, progress, include_accounts=include_accounts)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        try:
            return export_records(text, progress, include_accounts=include_accounts)
        finally:
            text.flush()
            text.detach()
