from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "memoria.demo"
    verbose_name = "Demo exhibition"
