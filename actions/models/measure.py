"""Measures of impact (KPIs) with their dated values."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from benchmarks.models import Indicator
from inspections.models import Finding, Partnership, PartnershipScopedQuerySet
from send_tracker.withdrawal import max_length_check

MAX_NAME = 200
MAX_DEFINITION = 5000
MAX_NOTE = 200
MAX_VALUE_NOTE = 300
MAX_COMMENTARY = 1000


class MeasureQuerySet(PartnershipScopedQuerySet["Measure"]):
    def with_values(self) -> Self:
        """With every value (`all_values`, oldest first) and the linked findings: 3 queries."""
        return self.prefetch_related(
            Prefetch(
                "values", queryset=MeasureValue.objects.order_by("date"), to_attr="all_values"
            ),
            "findings",
            Prefetch(
                "milestones",
                queryset=MeasureMilestone.objects.order_by("date"),
                to_attr="all_milestones",
            ),
        ).select_related("indicator", "owner")

    def with_recent_values(self, count: int) -> Self:
        """With the latest `count` values (`recent_values`, newest first): 2 queries."""
        latest = MeasureValue.objects.order_by("-date")[:count]
        return self.prefetch_related(Prefetch("values", queryset=latest, to_attr="recent_values"))


class Measure(models.Model):
    """A measure of impact (KPI) with baseline, target and England average."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Per cent"
        COUNT = "count", "Count"
        WEEKS = "weeks", "Weeks"
        DAYS = "days", "Days"
        RATE = "rate", "Rate per 10,000"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=MAX_NAME)
    definition = models.TextField(blank=True, max_length=MAX_DEFINITION)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(default=True)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    england_average = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    england_average_note = models.CharField(
        max_length=MAX_NOTE, blank=True, help_text="Which year or publication the average is from."
    )
    findings = models.ManyToManyField(Finding, blank=True, related_name="measures")
    is_illustrative = models.BooleanField(
        default=False, help_text="Demo data made up to illustrate the product, not published."
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="National statistics it takes its values and comparators from; empty for "
        "a measure whose values are entered here (local data, surveys).",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_measures",
        help_text="The member who answers for it, and explains it when it is red.",
    )
    commentary = models.TextField(blank=True, max_length=MAX_COMMENTARY)
    commentary_at = models.DateTimeField(null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    # Set by MeasureQuerySet.with_values() (oldest first) and with_recent_values() (newest).
    all_values: list[MeasureValue]
    recent_values: list[MeasureValue]
    all_milestones: list[MeasureMilestone]

    history = HistoricalRecords(m2m_fields=[findings])

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="measure_unique_name_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=["percent", "count", "weeks", "days", "rate"]),
                name="measure_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=["count", "weeks", "days", "rate"])
                | (
                    (Q(baseline_value__isnull=True) | Q(baseline_value__range=(0, 100)))
                    & (Q(target_value__isnull=True) | Q(target_value__range=(0, 100)))
                    & (Q(england_average__isnull=True) | Q(england_average__range=(0, 100)))
                ),
                name="measure_percentages_within_0_100",
            ),
            max_length_check("measure_name", "name", MAX_NAME),
            max_length_check("measure_definition", "definition", MAX_DEFINITION),
            max_length_check("measure_england_average_note", "england_average_note", MAX_NOTE),
            max_length_check("measure_commentary", "commentary", MAX_COMMENTARY),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """One dated value of a measure."""

    # No index of its own: measure_value_one_per_date (measure, date) leads with it, and
    # gives a measure's values in date order (its latest few without a sort).
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    date = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=MAX_VALUE_NOTE, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measure_value_one_per_date"),
            max_length_check("measure_value_note", "note", MAX_VALUE_NOTE),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date}"


class MeasureMilestone(models.Model):
    """A step on the way to a measure's target: the value it should reach by a date."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="milestones", db_index=False
    )
    date = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "date"], name="measure_milestone_one_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} by {self.date}"
