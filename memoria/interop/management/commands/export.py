import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from memoria.interop.export import ExportError, atomic_output, export_records, progress_bars


class Command(BaseCommand):
    help = ("Write every record as JSON lines (format: memoria/interop/export.py) to FILE, or to "
            "standard output. Includes accounts and password hashes: keep it like the database.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")

    def handle(self, *args, **options):
        progress = progress_bars(self.stderr, options["verbosity"])
        try:
            if options["file"]:
                path = Path(options["file"])
                with atomic_output(path) as out:
                    counts = self._write(out, progress)
                self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} records written to {path}."))
            else:
                out = self.stdout._out
                # JSON lines are UTF-8 whatever the terminal's locale says.
                self._write(getattr(out, "buffer", None) or out, progress)
        except (ExportError, OSError, DatabaseError) as exc:
            raise CommandError(f"Cannot export: {exc}") from exc

    @staticmethod
    def _write(out, progress) -> dict[str, int]:
        if isinstance(out, io.TextIOBase):  # a text stream handed to call_command()
            return export_records(out, progress)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        try:
            return export_records(text, progress)
        finally:
            text.flush()
            text.detach()
