"""National statistics: installation-wide, never one partnership's.

An `Indicator` is one column of a published Explore Education Statistics (EES) file for one
breakdown; an `Observation` is its figure for one area (England, a region, a local
authority) and period, or the published reason it has none. Areas are keyed by ONS code.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from send_tracker.withdrawal import max_length_check

MAX_CODE = 9
MAX_AREA_NAME = 120
MAX_INDICATOR_NAME = 200
MAX_COLUMN = 100
MAX_BREAKDOWN = 200
MAX_SOURCE = 300
MAX_RELEASE = 120
MAX_PERIOD = 10
MAX_FILE_NAME = 200
ENGLAND = "E92000001"
ONS_CODE = r"^[EWSN][0-9]{8}$"


class Area(models.Model):
    """England, a region or a local authority, as EES names it in its latest file."""

    class Level(models.TextChoices):
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        LOCAL_AUTHORITY = "la", "Local authority"

    code = models.CharField(max_length=MAX_CODE, unique=True, help_text="ONS code")
    name = models.CharField(max_length=MAX_AREA_NAME)
    level = models.CharField(max_length=10, choices=Level.choices)
    region = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_period = models.CharField(
        max_length=MAX_PERIOD, blank=True, help_text="The latest period a file gave it figures."
    )

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=ONS_CODE), name="area_code_is_ons"),
            max_length_check("area_code", "code", MAX_CODE),
            models.CheckConstraint(
                condition=Q(level__in=["national", "regional", "la"]), name="area_level_valid"
            ),
            max_length_check("area_name", "name", MAX_AREA_NAME),
            max_length_check("area_last_period", "last_period", MAX_PERIOD),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Indicator(models.Model):
    """One figure a publication gives for every area and period: an EES file's column for
    one breakdown. A newer release of the same file updates the same indicator."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Per cent"
        COUNT = "count", "Count"
        RATE = "rate", "Rate"

    name = models.CharField(max_length=MAX_INDICATOR_NAME, unique=True)
    column = models.CharField(max_length=MAX_COLUMN)
    breakdown_topic = models.CharField(max_length=MAX_BREAKDOWN, blank=True)
    breakdown = models.CharField(max_length=MAX_BREAKDOWN, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    higher_is_better = models.BooleanField(default=True)
    source = models.CharField(
        max_length=MAX_SOURCE, help_text="Publisher and publication, e.g. DfE, “Education, …”"
    )
    release = models.CharField(max_length=MAX_RELEASE, help_text="Which release, e.g. June 2025")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["column", "breakdown_topic", "breakdown"], name="indicator_one_per_column"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=["percent", "count", "rate"]), name="indicator_unit_valid"
            ),
            max_length_check("indicator_name", "name", MAX_INDICATOR_NAME),
            max_length_check("indicator_column", "column", MAX_COLUMN),
            max_length_check("indicator_breakdown_topic", "breakdown_topic", MAX_BREAKDOWN),
            max_length_check("indicator_breakdown", "breakdown", MAX_BREAKDOWN),
            max_length_check("indicator_source", "source", MAX_SOURCE),
            max_length_check("indicator_release", "release", MAX_RELEASE),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def citation(self) -> str:
        """Where the figures come from, as a page or the pack cites them."""
        return f"{self.source}, {self.release}"


class Observation(models.Model):
    """An indicator's figure for an area and period, or why there is none (EES codes)."""

    class Missing(models.TextChoices):
        NOT_AVAILABLE = "x", "not available"
        NOT_APPLICABLE = "z", "not applicable"
        SUPPRESSED = "c", "suppressed to protect confidentiality"
        LOW = "low", "rounds to zero"
        LOW_RELIABILITY = "u", "low reliability"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=MAX_PERIOD, help_text="e.g. 2024, or 2023/24")
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    missing = models.CharField(max_length=3, choices=Missing.choices, blank=True)
    release = models.CharField(max_length=MAX_RELEASE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="observation_one_per_period"
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(missing=""))
                | (Q(value__isnull=True) & Q(missing__in=["x", "z", "c", "low", "u"])),
                name="observation_value_or_reason",
            ),
            max_length_check("observation_period", "period", MAX_PERIOD),
            max_length_check("observation_missing", "missing", 3),
            max_length_check("observation_release", "release", MAX_RELEASE),
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.get_missing_display()
        return f"{self.indicator} {self.area.code} {self.period}: {shown}"

    @property
    def figure(self) -> tuple[Decimal | None, str]:
        """What the import compares: the value and the reason it is missing."""
        return (self.value, self.missing)


class Neighbour(models.Model):
    """One of a local authority's statistical neighbours, nearest first (rank 1)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["area", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["area", "rank"], name="neighbour_one_per_rank"),
            models.UniqueConstraint(fields=["area", "neighbour"], name="neighbour_once"),
            models.CheckConstraint(
                condition=~Q(area=models.F("neighbour")), name="neighbour_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} #{self.rank}: {self.neighbour.code}"


class StatisticsImport(models.Model):
    """One import that changed something: what, from which file, by whom, with what effect."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    file_name = models.CharField(max_length=MAX_FILE_NAME)
    sha256 = models.CharField(max_length=64)
    release = models.CharField(max_length=MAX_RELEASE, blank=True)
    created = models.PositiveIntegerField(default=0)
    revised = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            max_length_check("statistics_import_file_name", "file_name", MAX_FILE_NAME),
            max_length_check("statistics_import_sha256", "sha256", 64),
            max_length_check("statistics_import_release", "release", MAX_RELEASE),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"
