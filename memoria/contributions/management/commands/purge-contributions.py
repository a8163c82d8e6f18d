from django.conf import settings
from django.core.management.base import BaseCommand

from memoria.contributions.services import purge_expired
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Delete the files of family contributions declined or withdrawn more than "
            "MEMORIA_CONTRIBUTION_RETENTION_DAYS days ago (default 30). Meant for cron, e.g. daily.")

    def handle(self, *args, **options):
        deleted = purge_expired()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Deleted {deleted} file(s) of contributions declined or withdrawn more than "
                f"{settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS} days ago."))
