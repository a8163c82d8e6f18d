from django.core.management.base import BaseCommand

from memoria.benchmarks import name_datasets
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Generate name data sets: memoria generate-names whole-names OUT, or "
            "memoria generate-names synthetic N OUT (clearly marked SYNTHETIC people).")

    def run_from_argv(self, argv):
        raise SystemExit(name_datasets.main(argv[2:]))

    def handle(self, *args, **options):  # pragma: no cover
        pass
