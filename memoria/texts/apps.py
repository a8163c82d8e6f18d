from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextsConfig(AppConfig):
    name = "memoria.texts"
    label = "texts"
    verbose_name = _("Texts")

    def ready(self):
        from memoria.texts import jobs  # noqa: F401  (the read-text job kind)
