"""The `memoria` command: Django's management commands plus memoria's own
(`memoria serve`, `memoria demo`, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memoria.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["memoria", *sys.argv[1:]])


if __name__ == "__main__":
    main()
