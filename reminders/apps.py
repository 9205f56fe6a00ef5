from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Email reminders, weekly digests and the calendar feed: what tells people about dates
    without their opening the tracker. Reads both domain apps; neither imports it."""

    name = "reminders"
    verbose_name = "Reminders"
