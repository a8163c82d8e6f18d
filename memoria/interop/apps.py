from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "memoria.interop"
    verbose_name = "Interoperability"

    def ready(self):
        from memoria.interop import checks  # noqa: F401  (registers the start-up checks)
