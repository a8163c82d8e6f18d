from django.apps import AppConfig


class IiifConfig(AppConfig):
    name = "memoria.iiif"
    label = "iiif"
    verbose_name = "IIIF"

    def ready(self):
        from memoria.iiif import signals  # noqa: F401  (tiles follow their media file)
