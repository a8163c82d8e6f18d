from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.imports.export import export_csv
from memoria.imports.schema import KINDS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Write every record of one kind as CSV with the import columns (export → edit → import "
            "round-trips). Cells a spreadsheet would run as formulas are neutralised with a leading '.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")

    def handle(self, *args, **options):
        if options["file"]:
            path = Path(options["file"])
            tmp = path.with_name(path.name + ".part")
            try:
                with open(tmp, "w", encoding="utf-8-sig", newline="") as out:
                    count = export_csv(options["kind"], out)
                tmp.replace(path)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"{count} {options['kind']} written to {path}."))
        else:
            export_csv(options["kind"], self.stdout._out)
