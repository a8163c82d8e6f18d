import json
import os

from django.core.management.base import BaseCommand, CommandError

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.texts.extraction import extract
from memoria.texts.language import LANGUAGES, UnsupportedLanguage
from memoria.texts.reading import Unreadable, check_size, read_text

#: Exit code for a file or a language memoria cannot read (argparse's code for bad input).
BAD_INPUT = 2


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Read a TXT, DOCX or PDF file and print the people, places, units, objects and dates it names, "
            "each linked to the archive's record where there is one. Saves nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--language", choices=LANGUAGES, help="the text's language (detected when not given)")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="print the proposals as JSON")
        output.add_argument("--text", action="store_true", help="print the text as read (spans point into it)")
        parser.add_argument("--no-link", action="store_true", help="do not match against the archive")

    def handle(self, *args, file, language, json: bool, text: bool, no_link: bool, **options):
        try:
            check_size(os.path.getsize(file), file)
            with open(file, "rb") as fh:
                content = read_text(fh.read(), file)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}", returncode=BAD_INPUT) from None
        except Unreadable as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        if text:
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")
            return
        link = not no_link
        if link and not _archive_ready():
            link = False
            self.stderr.write("memoria: the archive's database has no tables yet (`memoria migrate` or `make run` "
                              "makes them): the proposals are not linked to records.")
        try:
            result = extract(content, language, link=link)
        except UnsupportedLanguage as exc:
            raise CommandError(f"{file}: {exc}", returncode=BAD_INPUT) from None
        if json:
            self.stdout.write(_json_dumps(result))
        else:
            self.stdout.write(summary(result, content))


def _archive_ready() -> bool:
    """Whether the database holds the archive's tables (a fresh data directory does not)."""
    from django.db import connection

    from memoria.archive.models import Person, Place, Unit

    wanted = {model._meta.db_table for model in (Person, Place, Unit)}
    return wanted <= set(connection.introspection.table_names())


def _json_dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)


KIND_TITLES = {"people": "People", "places": "Places", "units": "Units", "objects": "Objects"}


def summary(result: dict, text: str) -> str:
    lines = [f"Language: {result['language']}"]
    for kind, title in KIND_TITLES.items():
        lines.append(f"{title} ({len(result[kind])}):")
        for p in result[kind]:
            details = [f"{k} {p[k]}" for k in ("rank", "role", "kind") if p.get(k)]
            mentions = len(p["spans"])
            details.append(f"{mentions} mention{'s' if mentions > 1 else ''} at {p['spans'][0][0]}")
            match = p.get("match")
            details.append(f"archive #{match['id']} (score {match['score']})" if match else "new")
            lines.append(f"  {p['name']} — {', '.join(details)}")
    lines.append(f"Dates ({len(result['dates'])}):")
    for d in result["dates"]:
        quoted = ", ".join(f"“{text[s:e]}”" for s, e in d["spans"])
        lines.append(f"  {d['value']} — {quoted}")
    return "\n".join(lines)
