"""Department for Education (and NHS England) interventions and every dated requirement
a partnership must meet."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.models.inspection import Inspection
from inspections.models.partnership import Organisation, Partnership, PartnershipScopedQuerySet
from send_tracker.audit import Versioned
from send_tracker.withdrawal import (
    CurrentManager,
    Withdrawable,
    max_length_check,
    withdrawal_checks,
)

MAX_TITLE = 300
MAX_INTERVENTION_TITLE = 200
MAX_SUMMARY = 5000
MAX_SOURCE = 300
MAX_DUE_TEXT = 100
MAX_EVIDENCE = 5000
MAX_OUTCOME_NOTE = 1000


class DeadlineQuerySet(PartnershipScopedQuerySet["Deadline"]):
    def open(self) -> Self:
        return self.filter(status="open")

    def overdue(self, today: dt.date) -> Self:
        """Open deadlines whose due date has passed (never an expected inspection: the
        partnership cannot be late for the inspectorate's visit)."""
        return self.open().filter(due_date__lt=today).exclude(source="framework")

    def expected_events(self) -> Self:
        """The inspectorate's own visits the framework implies (approximate dates)."""
        return self.filter(source="framework")

    def requirements(self) -> Self:
        """What the partnership itself must meet by a date."""
        return self.exclude(source="framework")

    def for_listing(self) -> Self:
        """Owner, intervention and inspection joined; soonest first, those with no date
        last."""
        return self.select_related("owner", "intervention", "inspection").order_by(
            models.F("due_date").asc(nulls_last=True), "title", "pk"
        )


class Intervention(models.Model):
    """A DfE or NHS England intervention or meeting: improvement notice, stocktake, review."""

    class Kind(models.TextChoices):
        IMPROVEMENT_NOTICE = "improvement_notice", "Improvement notice"
        STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
        STOCKTAKE = "stocktake", "Stocktake"
        REVIEW = "review", "Review"
        OTHER = "other", "Other"

    class Body(models.TextChoices):
        DFE = "dfe", "Department for Education"
        NHSE = "nhse", "NHS England"
        DFE_NHSE = "dfe_nhse", "DfE and NHS England"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="interventions"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    body = models.CharField(max_length=10, choices=Body.choices, default=Body.DFE)
    title = models.CharField(max_length=MAX_INTERVENTION_TITLE)
    date = models.DateField(help_text="Date issued or held.")
    date_is_approximate = models.BooleanField(
        default=False, help_text="Only the month is known (e.g. 'May 2024')."
    )
    summary = models.TextField(blank=True, max_length=MAX_SUMMARY)
    source = models.CharField(max_length=MAX_SOURCE, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "improvement_notice",
                        "statutory_direction",
                        "stocktake",
                        "review",
                        "other",
                    ]
                ),
                name="intervention_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(body__in=["dfe", "nhse", "dfe_nhse"]), name="intervention_body_valid"
            ),
            max_length_check("intervention_title", "title", MAX_INTERVENTION_TITLE),
            max_length_check("intervention_summary", "summary", MAX_SUMMARY),
            max_length_check("intervention_source", "source", MAX_SOURCE),
            models.UniqueConstraint(
                fields=["partnership", "kind", "date"], name="intervention_unique_per_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Deadline(Versioned, Withdrawable):
    """A dated requirement: set by DfE, by an inspection, or implied by the framework."""

    class Source(models.TextChoices):
        NOTICE = "notice", "Improvement notice"
        STOCKTAKE = "stocktake", "Stocktake"
        INSPECTION = "inspection", "Inspection"
        FRAMEWORK = "framework", "Implied by the framework"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        SUPERSEDED = "superseded", "Superseded"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(max_length=MAX_TITLE)
    source = models.CharField(max_length=20, choices=Source.choices)
    intervention = models.ForeignKey(
        Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="Leave empty when no date was set."
    )
    due_text = models.CharField(
        max_length=MAX_DUE_TEXT,
        blank=True,
        help_text="How the date was given, e.g. 'End of spring term 2026'.",
    )
    is_approximate = models.BooleanField(
        default=False,
        help_text="The due date is approximate (a term, or implied by the framework).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    met_date = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="What shows the deadline was met.")
    outcome_note = models.TextField(
        blank=True, help_text="Why the outcome was last changed (met to missed, or back)."
    )

    objects = CurrentManager.from_queryset(DeadlineQuerySet)()
    all_objects = DeadlineQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", models.F("due_date").asc(nulls_last=True), "title"]
        constraints = [
            *withdrawal_checks("deadline"),
            max_length_check("deadline_title", "title", MAX_TITLE),
            max_length_check("deadline_due_text", "due_text", MAX_DUE_TEXT),
            max_length_check("deadline_evidence", "evidence", MAX_EVIDENCE),
            max_length_check("deadline_outcome_note", "outcome_note", MAX_OUTCOME_NOTE),
            models.CheckConstraint(
                condition=Q(status__in=["open", "met", "missed", "superseded"]),
                name="deadline_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["notice", "stocktake", "inspection", "framework", "other"]),
                name="deadline_source_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="met") & Q(met_date__isnull=False))
                | (~Q(status="met") & Q(met_date__isnull=True)),
                name="deadline_met_date_iff_met",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_expected_event(self) -> bool:
        """A visit of the inspectorate the framework implies ("expected around …"), not
        something the partnership must meet: never overdue or missed."""
        return self.source == self.Source.FRAMEWORK

    @property
    def is_met_late(self) -> bool:
        return (
            self.status == self.Status.MET
            and self.due_date is not None
            and self.met_date is not None
            and self.met_date > self.due_date
        )

    def is_overdue_on(self, today: dt.date) -> bool:
        """Open and past its due date (never for an expected inspection)."""
        return (
            not self.is_expected_event
            and self.status == self.Status.OPEN
            and self.due_date is not None
            and self.due_date < today
        )
