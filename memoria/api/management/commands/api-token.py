"""`memoria api-token USERNAME [--name NAME]`: issue an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from memoria.api.models import ApiToken
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active.")
        _token, secret = ApiToken.objects.issue(user, name=name)
        self.stderr.write("Keep this token secret; it will not be shown again. "
                          "Send it as: Authorization: Bearer <token>")
        self.stdout.write(secret)
