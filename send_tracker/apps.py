"""The project's own app: warnings at start-up about settings that work but are not safe."""

import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


class SendTrackerConfig(AppConfig):
    name = "send_tracker"
    verbose_name = "SEND Tracker"

    def ready(self) -> None:
        """Say in every process's log, once, that production mail goes nowhere.

        Logged here rather than in settings.py because logging is configured by then, so the
        warning reaches the same handlers as everything else each web and task worker logs.
        """
        if not settings.DEBUG and settings.MAILERS["default"]["BACKEND"] == CONSOLE_EMAIL_BACKEND:
            logger.warning(
                "No email service is configured (set EMAIL_HOST or GOVUK_NOTIFY_API_KEY): "
                "email is written to standard output and not sent."
            )
