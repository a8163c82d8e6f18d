from django.core.management.base import BaseCommand

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.demo.loader import DATA_FILE, load_demo


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = 'Load the demo exhibition "They traveled across Europe" (safe to run again: changes nothing).'

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="demo JSON file (default: the bundled one)")

    def handle(self, *args, **options):
        counts = load_demo(options["file"])
        self.stdout.write(self.style.SUCCESS(
            f"Demo exhibition loaded: {counts['created']} records created, {counts['updated']} updated."
        ))
