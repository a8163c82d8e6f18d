from django.core.management.base import BaseCommand, CommandError

from memoria.benchmarks import names
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Measure the cross-script name search against baselines: "
            "memoria names-bench --dataset FILE [--json]. Baselines need `pip install -e '.[bench]'`.")

    def run_from_argv(self, argv):
        # The benchmark is plain Python (memoria.benchmarks.names): hand it the arguments as they are.
        raise SystemExit(names.main(argv[2:]))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv does the work
        raise CommandError("run as: memoria names-bench --dataset FILE [--json]")
