from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "memoria.exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self):
        from memoria.exhibitions import services, visibility  # noqa: F401  (register actions and rules)
