import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memoria.benchmarks import extraction
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Precision and recall of the text extraction (people, places, units, dates) per language and "
            "kind on an annotated dataset (data/texts/), and its speed in seconds per 1,000 words.")

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, help="directory of <name>.txt + .gold.json + .json")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--link", action="store_true", help="also look up the archive's own names (needs the database)")

    def handle(self, *args, dataset, json: bool, link: bool, **options):
        directory = Path(dataset)
        if not directory.is_dir():
            raise CommandError(f"{dataset}: no such directory", returncode=2)
        try:
            result = extraction.run(directory, link=link)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(_dumps(result) if json else extraction.table(result))


def _dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)
