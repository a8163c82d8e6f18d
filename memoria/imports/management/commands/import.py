import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.imports.engine import import_file
from memoria.imports.rejects import write_rejects
from memoria.imports.schema import KINDS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Import people, items, places, events, units, sources or relations from a CSV or XLSX file "
            "(columns: docs/IMPORT.md). All or nothing unless --partial; --dry-run stores nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=list(KINDS),
                            help="what the file holds (default: from the file name or its columns)")
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would be created, updated, unchanged and rejected; store nothing")
        parser.add_argument("--partial", action="store_true",
                            help="store the good rows and write the rejected ones to a rejects file")
        parser.add_argument("--rejects", help="where --partial writes rejected rows (default FILE.rejects.csv)")
        parser.add_argument("--encoding", help="the CSV's encoding, when the guess is wrong (e.g. cp1251)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file.")
        verbosity = options["verbosity"]

        def progress(total):
            return tqdm(total=total, unit="row", file=sys.stderr, desc="import",
                        disable=True if verbosity == 0 else None)

        report = import_file(path, kind=options["kind"], encoding=options["encoding"],
                             dry_run=options["dry_run"], partial=options["partial"], progress=progress)
        self.stdout.write(report.as_text())
        if report.rejections and options["partial"] and not options["dry_run"] and report.stored:
            for written in write_rejects(report, options["rejects"] or f"{path}.rejects.csv"):
                self.stdout.write(f"Rejected rows written to {written} (fix them and import that file).")
        if not report.clean:
            sys.exit(1)
