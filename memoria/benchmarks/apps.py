from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "memoria.benchmarks"
    verbose_name = "Benchmarks"
