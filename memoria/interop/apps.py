from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "memoria.interop"
    verbose_name = "Interoperability"
