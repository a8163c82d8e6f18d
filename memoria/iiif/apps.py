from django.apps import AppConfig


class IiifConfig(AppConfig):
    name = "memoria.iiif"
    label = "iiif"
    verbose_name = "IIIF"

    def ready(self):
        from memoria.iiif import jobs, signals  # noqa: F401  (the tiles job; tiles follow their media file)
