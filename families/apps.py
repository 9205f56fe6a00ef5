from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    """The partnership's public page for families ("You said, we did"): officers draft, the
    parent carer forum approves, and the public page shows only what was approved, as it was
    approved. Reads both domain apps; neither imports it."""

    name = "families"
    verbose_name = "Families page"
