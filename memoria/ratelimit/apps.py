from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    name = "memoria.ratelimit"
    verbose_name = "Rate limits"
