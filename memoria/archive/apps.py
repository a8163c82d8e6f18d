from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "memoria.archive"
    verbose_name = _("Archive")

    def ready(self):
        from memoria.archive import media_cleanup, services, visibility  # noqa: F401  (register actions, rules, receivers)
