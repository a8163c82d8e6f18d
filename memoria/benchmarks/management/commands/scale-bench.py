import functools
import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.benchmarks import scale
from memoria.benchmarks.name_datasets import DEFAULT_DEV


class Command(BaseCommand):
    help = ("Name search and full-text search over N SYNTHETIC people on PostgreSQL, in a THROWAWAY "
            "database (dropped and created anew; its name must begin with memoria_scale): load, "
            "index build through memoria reindex / reindex-names, p50/p95 of the searches.")

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=10_000_000)
        parser.add_argument("--database", help="postgres://…/memoria_scale_… (default: "
                            "postgres://postgres@127.0.0.1:5432/memoria_scale_<people>)")
        parser.add_argument("--name-queries", type=int, default=300)
        parser.add_argument("--search-queries", type=int, default=30, help="per query shape")
        parser.add_argument("--query-seconds", type=float, default=900,
                            help="time budget of the name queries, and again of the full-text queries: "
                                 "fewer queries run when a search is slow")
        parser.add_argument("--out", help="default: bench/results/scale-postgresql-<people>.json")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--dev", default=DEFAULT_DEV, help="the names dev set generate-names draws from")
        parser.add_argument("--workdir", default="/tmp", help="where the synthetic names file is written")
        parser.add_argument("--keep", action="store_true", help="keep the database after the run")
        parser.add_argument("--skip-names", action="store_true",
                            help="build no name index and measure no name search (the full text only)")
        parser.add_argument("--skip-fulltext", action="store_true",
                            help="build no full-text index and measure no full-text search (the names only)")

    def handle(self, *args, people, database, name_queries, search_queries, query_seconds, out, dev, workdir, keep,
               skip_names, skip_fulltext, **options):
        verbosity = options["verbosity"]
        bars = functools.partial(tqdm, file=self.stderr._out, disable=verbosity == 0, mininterval=10)
        try:
            result = scale.run(
                people, database or scale.default_url(people), name_queries=name_queries,
                search_queries=search_queries, query_budget=query_seconds, out=out or f"bench/results/scale-postgresql-{people}.json",
                dev=dev, workdir=workdir, keep=keep, verbosity=verbosity,
                log=(lambda text: self.stderr.write(text)) if verbosity else (lambda text: None),
                progress_factory=bars, skip_names=skip_names, skip_fulltext=skip_fulltext)
        except (scale.ScaleBenchError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            for step, seconds in result["build_seconds"].items():
                self.stdout.write(f"{step}: {seconds} s")
            names = result["name_search"]
            if isinstance(names, str):
                self.stdout.write(f"name search: {names}")
            else:
                self.stdout.write(f"name search: p50 {names['find_people']['p50_ms']} ms, p95 "
                                  f"{names['find_people']['p95_ms']} ms, recall@10 {names['recall_at_10']}")
            if isinstance(result["fulltext_search"], str):
                self.stdout.write(f"full text: {result['fulltext_search']}")
            else:
                for shape, figures in result["fulltext_search"].items():
                    self.stdout.write(f"full text, {shape}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms")
