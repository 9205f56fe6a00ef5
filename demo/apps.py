from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data loader (`manage.py load_demo`): above both the inspection record and
    the partnership's response, since it loads both."""

    name = "demo"
    verbose_name = "Demo data"
