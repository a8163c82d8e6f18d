from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.benchmarks import names_scale
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Load a SYNTHETIC name set into an empty archive and time the name search "
            "(run on a throwaway MEMORIA_DATA_DIR).")

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, help="TSV from `memoria generate-names synthetic N OUT`")
        parser.add_argument("--queries", type=int, default=1000)
        parser.add_argument("--out", help="also write the figures to this JSON file")
        parser.add_argument("--rebuild-only", action="store_true",
                            help="time the index rebuild alone, without the side-by-side writes "
                                 "(raw executemany/COPY, the import's path, the keys alone)")

    def handle(self, *args, dataset, queries, out, rebuild_only, **options):
        try:
            result = names_scale.run(
                dataset, queries,
                lambda total: tqdm(total=total, unit="people", file=self.stderr._out),
                side_by_side=not rebuild_only,
            )
        except (RuntimeError, OSError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        names_scale.write(result, out)
