from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """National statistics shared by every partnership: areas, indicators, their figures
    and each authority's statistical neighbours (imported by the installation's staff)."""

    name = "benchmarks"
    verbose_name = "National statistics"
