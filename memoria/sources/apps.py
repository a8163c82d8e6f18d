from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "memoria.sources"
    verbose_name = _("Sources and citations")

    def ready(self):
        from memoria.sources import visibility  # noqa: F401  (declares the rules)
