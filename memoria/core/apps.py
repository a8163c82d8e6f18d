from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memoria.core"
    verbose_name = "memoria"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from memoria.core import page_cache
        from memoria.core.roles import ensure_roles

        # Not limited to this app: the permissions of the apps after it exist only
        # once their own post_migrate has run, so refresh the roles after each.
        post_migrate.connect(ensure_roles, dispatch_uid="memoria-roles")
        # Every committed write makes the cached public pages unreachable (core/page_cache.py).
        connection_created.connect(page_cache.watch, dispatch_uid="memoria-page-cache-writes")
