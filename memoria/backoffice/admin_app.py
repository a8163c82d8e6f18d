"""Django's admin without its start-up discovery.

`django.contrib.admin` imports every app's admin module inside django.setup(), and ours pull in
forms, upload checks (pypdf), label layout (reportlab, segno) and the text readers: every
`memoria` command paid for them. This config registers the admin as SimpleAdminConfig does;
the URLconf discovers the admin modules (memoria/urls.py), and so does the admin's system check,
which would otherwise check an empty site when it runs before the URLconf is loaded.
"""

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


class AdminConfig(SimpleAdminConfig):
    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admins, checks.Tags.admin)


def check_discovered_admins(app_configs, **kwargs):
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)
