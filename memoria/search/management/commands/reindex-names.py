from django.db import transaction
from django.core.management.base import BaseCommand
from tqdm import tqdm

from memoria.archive.models import Person
from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.search import name_index


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Rebuild the name index (every spelling of every person) in one transaction."

    def handle(self, *args, **options):
        with tqdm(total=Person.objects.count(), unit="people", disable=options["verbosity"] == 0,
                  file=self.stderr._out) as bar, transaction.atomic():
            total = name_index.rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Name index rebuilt: {total} spellings."))
