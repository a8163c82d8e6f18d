from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.search import fulltext


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Rebuild the search indexes in one transaction: the full-text index of every record, "
            "then the name index (as reindex-names).")

    def add_arguments(self, parser):
        parser.add_argument("--skip-names", action="store_true",
                            help="rebuild only the full-text index, not the name index")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        with transaction.atomic():
            with tqdm(total=fulltext.count_records(), unit=" records", desc="full text",
                      disable=quiet, file=self.stderr._out) as bar:
                total = fulltext.rebuild(progress=bar.update)
            self.stdout.write(self.style.SUCCESS(f"Full-text index rebuilt: {total} records."))
            if not options["skip_names"]:
                call_command("reindex-names", verbosity=options["verbosity"],
                             stdout=self.stdout._out, stderr=self.stderr._out)
