"""Inspections under either framework, the team that made them and who a letter is to."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from inspections.models.partnership import Partnership, PartnershipScopedQuerySet
from send_tracker.presentation import format_date_range
from send_tracker.withdrawal import (
    CURRENT,
    CurrentManager,
    Withdrawable,
    max_length_check,
    withdrawal_checks,
)

# 'full inspection', for use inside a sentence.
SHORT_KINDS = {
    "full_2023": "full inspection",
    "monitoring_2023": "monitoring inspection",
    "inspection_2016": "inspection (2016 framework)",
    "revisit_2016": "revisit (2016 framework)",
}

# The import review takes an outcome paragraph of up to 5,000 characters; real ones are
# under 1,500.
MAX_OUTCOME_TEXT = 10_000
MAX_SOURCE = 300
MAX_PERSON_NAME = 120
MAX_PERSON_ROLE = 200
MAX_ORGANISATION = 200


class Inspection(Withdrawable):
    """Any inspection on the partnership's timeline, under either framework."""

    class Kind(models.TextChoices):
        FULL = "full_2023", "Full inspection (2023 framework)"
        MONITORING = "monitoring_2023", "Monitoring inspection (2023 framework)"
        INSPECTION_2016 = "inspection_2016", "Local area SEND inspection (2016 framework)"
        REVISIT_2016 = "revisit_2016", "Revisit (2016 framework)"

    class Outcome(models.TextChoices):
        POSITIVE = "positive", "Positive experiences and outcomes"
        INCONSISTENT = "inconsistent", "Inconsistent experiences and outcomes"
        SYSTEMIC = "systemic", "Widespread and/or systemic failings"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    published_date = models.DateField(
        null=True, blank=True, help_text="Publication date of the report, or the letter date."
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, help_text="Full inspections only."
    )
    outcome_text = models.TextField(
        blank=True, max_length=MAX_OUTCOME_TEXT, help_text="The outcome paragraph as published."
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="For a monitoring inspection or revisit: the inspection it follows up.",
    )
    source = models.CharField(max_length=MAX_SOURCE, blank=True)

    objects = CurrentManager.from_queryset(PartnershipScopedQuerySet)()
    all_objects = PartnershipScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "start_date"]
        constraints = [
            *withdrawal_checks("inspection"),
            max_length_check("inspection_outcome_text", "outcome_text", MAX_OUTCOME_TEXT),
            max_length_check("inspection_source", "source", MAX_SOURCE),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="inspection_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(published_date__isnull=True) | Q(published_date__gte=F("end_date")),
                name="inspection_published_after_it_ends",
            ),
            models.CheckConstraint(
                condition=Q(kind="full_2023") | Q(outcome=""),
                name="inspection_outcome_only_for_full",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["full_2023", "monitoring_2023", "inspection_2016", "revisit_2016"]
                ),
                name="inspection_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "positive", "inconsistent", "systemic"]),
                name="inspection_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "start_date"],
                condition=CURRENT,
                name="inspection_unique_per_partnership_kind_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date_range}"

    @property
    def date_range(self) -> str:
        """Dates the way reports write them: '13 to 17 November 2023'."""
        return format_date_range(self.start_date, self.end_date)

    @property
    def is_follow_up(self) -> bool:
        return self.kind in {self.Kind.MONITORING, self.Kind.REVISIT_2016}

    @property
    def short_kind(self) -> str:
        """'full inspection', for use inside a sentence."""
        return SHORT_KINDS[self.kind]

    @property
    def short_title(self) -> str:
        """'Full inspection, November 2023'."""
        return f"{self.short_kind.capitalize()}, {self.start_date:%B %Y}"

    @property
    def in_sentence(self) -> str:
        """'the full inspection of November 2023'."""
        return f"the {self.short_kind} of {self.start_date:%B %Y}"


class InspectionTeamMember(models.Model):
    """An inspector on the team, with role and inspectorate, in the order printed."""

    class Inspectorate(models.TextChoices):
        OFSTED = "ofsted", "Ofsted"
        CQC = "cqc", "CQC"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=MAX_PERSON_NAME)
    role = models.CharField(max_length=MAX_PERSON_ROLE)
    inspectorate = models.CharField(max_length=10, choices=Inspectorate.choices)
    is_signatory = models.BooleanField(default=False, help_text="Signed the monitoring letter.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="team_member_order"),
            max_length_check("team_member_name", "name", MAX_PERSON_NAME),
            max_length_check("team_member_role", "role", MAX_PERSON_ROLE),
            models.CheckConstraint(
                condition=Q(inspectorate__in=["ofsted", "cqc"]), name="team_inspectorate_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class Addressee(models.Model):
    """Someone a monitoring letter is addressed to, as printed on the letter."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="addressees")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=MAX_PERSON_NAME)
    role = models.CharField(max_length=MAX_PERSON_ROLE)
    organisation = models.CharField(max_length=MAX_ORGANISATION)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="addressee_order"),
            max_length_check("addressee_name", "name", MAX_PERSON_NAME),
            max_length_check("addressee_role", "role", MAX_PERSON_ROLE),
            max_length_check("addressee_organisation", "organisation", MAX_ORGANISATION),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}, {self.organisation}"
