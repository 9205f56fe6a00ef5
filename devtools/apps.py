from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmarks, generated scale data and the load test: development only.

    Installed only when DEBUG is on or DEVTOOLS=1 (send_tracker/settings.py), so a production
    deployment has no command that fills its database with generated partnerships. The app
    has no models, views or URLs; the product apps never import it.
    """

    name = "devtools"
    verbose_name = "Development tools"
