from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "memoria.imports"
    verbose_name = _("Imports")

    def ready(self):
        from django.contrib import admin

        from memoria.imports import jobs  # noqa: F401  (the import job kind)

        # The admin index links to the Import page (its template extends the admin's own);
        # left alone if another part of memoria has set its own index template.
        if admin.site.index_template is None:
            admin.site.index_template = "admin/imports/admin_index.html"
