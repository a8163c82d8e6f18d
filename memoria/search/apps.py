from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "memoria.search"
    verbose_name = _("Search")

    def ready(self):
        from memoria.search import jobs, signals  # noqa: F401  (the reindex job; both indexes follow every save)
