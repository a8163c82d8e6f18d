from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "memoria.api"
    verbose_name = "REST API"
