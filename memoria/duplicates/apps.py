from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "memoria.duplicates"
    label = "duplicates"
    verbose_name = _("Duplicates")

    def ready(self):
        from memoria.duplicates import jobs, signals  # noqa: F401  (the finding job; arriving people are checked)
