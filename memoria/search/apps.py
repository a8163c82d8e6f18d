from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "memoria.search"
    verbose_name = _("Search")

    def ready(self):
        from memoria.search import signals  # noqa: F401  (keeps the name index in step)
        from memoria.search import fulltext_signals  # noqa: F401  (and the full-text index)
