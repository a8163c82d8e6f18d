from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "memoria.contributions"
    verbose_name = _("Family contributions")

    def ready(self):
        from memoria.contributions import jobs  # noqa: F401  (the retention clean-up job)
