from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "memoria.public"
    verbose_name = "Public site"
