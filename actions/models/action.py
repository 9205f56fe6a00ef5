"""Actions that answer findings, and the dated progress updates on them."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from actions.models.plan import Plan
from inspections.models import (
    Finding,
    FocusPoint,
    Organisation,
    Partnership,
    PartnershipScopedQuerySet,
    kind_order,
)
from send_tracker.audit import Versioned
from send_tracker.withdrawal import (
    CurrentManager,
    Withdrawable,
    max_length_check,
    withdrawal_checks,
)

MAX_TITLE = 300
MAX_TEXT = 5000
MAX_NAME = 120
MAX_AUTHOR_NAME = 120
MAX_REFERENCE = 40


class Rag(models.TextChoices):
    """Red/amber/green rating; blue means complete."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


RAG_VALUES = [choice.value for choice in Rag]


class ActionQuerySet(PartnershipScopedQuerySet["Action"]):
    partnership_path = "plan__partnership"

    def open(self) -> Self:
        return self.exclude(status="complete")

    def overdue(self, today: dt.date) -> Self:
        """Not complete and past the due date."""
        return self.open().filter(due_date__lt=today)

    def owned_by(self, user_id: int) -> Self:
        return self.filter(owner_id=user_id)

    def for_listing(self) -> Self:
        """With what a row of a table of actions names (finding, focus point, lead, owner,
        plan)."""
        return self.select_related(
            "finding__inspection", "focus_point", "lead_organisation", "owner", "plan"
        )

    def by_finding(self) -> Self:
        """In the order the partnership's findings are listed (newest inspection first;
        areas for priority action, then improvement, then weakness; by number), then by due
        date: the board pack's appendix."""
        return self.annotate(finding_kind_order=kind_order("finding__kind")).order_by(
            "-finding__inspection__start_date",
            "finding_kind_order",
            "finding__number",
            "due_date",
            "pk",
        )


class Action(Versioned, Withdrawable):
    """Something the partnership will do about a finding (and optionally one focus point)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ON_HOLD = "on_hold", "On hold"
        COMPLETE = "complete", "Complete"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    focus_point = models.ForeignKey(
        FocusPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(max_length=MAX_TITLE)
    reference = models.CharField(
        max_length=MAX_REFERENCE,
        blank=True,
        help_text="The partnership's own reference for it (from an imported spreadsheet).",
    )
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions_led"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text="A member of the partnership (leader, officer or admin) who owns the action.",
    )
    lead_name = models.CharField(
        max_length=MAX_NAME, blank=True, help_text="Named lead, for someone without an account."
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True, help_text="What completing it achieved.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, default=Rag.AMBER)
    is_illustrative = models.BooleanField(
        default=False, help_text="Demo data made up to illustrate the product, not published."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CurrentManager.from_queryset(ActionQuerySet)()
    all_objects = ActionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            *withdrawal_checks("action"),
            max_length_check("action_title", "title", MAX_TITLE),
            max_length_check("action_reference", "reference", MAX_REFERENCE),
            models.UniqueConstraint(
                fields=["plan", "reference"],
                condition=~Q(reference=""),
                name="action_unique_reference_per_plan",
            ),
            max_length_check("action_description", "description", MAX_TEXT),
            max_length_check("action_lead_name", "lead_name", MAX_NAME),
            max_length_check("action_closing_note", "closing_note", MAX_TEXT),
            models.CheckConstraint(
                condition=(Q(status="complete") & Q(rag="blue"))
                | (~Q(status="complete") & ~Q(rag="blue")),
                name="action_blue_iff_complete",
            ),
            models.CheckConstraint(
                condition=Q(status="complete") | Q(closing_note=""),
                name="action_closing_note_only_when_complete",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="action_due_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(completed_date__gte=F("start_date")),
                name="action_completed_not_before_start",
            ),
            models.CheckConstraint(
                condition=(Q(status="complete") & Q(completed_date__isnull=False))
                | (~Q(status="complete") & Q(completed_date__isnull=True)),
                name="action_completed_date_iff_complete",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "on_hold", "complete"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(condition=Q(rag__in=RAG_VALUES), name="action_rag_valid"),
        ]
        indexes = [
            models.Index(fields=["finding", "due_date"], name="action_finding_due"),
            models.Index(fields=["status", "due_date"], name="action_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, today: dt.date) -> bool:
        """Not complete and past its due date."""
        return self.status != self.Status.COMPLETE and self.due_date < today

    @property
    def tracker_reference(self) -> str:
        """What a spreadsheet calls it: the partnership's own reference, else ST-<id>, which
        an import reads back as this action (`actions.sheets.action_rows`)."""
        return self.reference or f"ST-{self.pk}"

    @property
    def owner_display(self) -> str:
        """Who answers for it: the owner's name, else the named lead, else ''."""
        if self.owner_id and self.owner:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.lead_name


class ProgressQuerySet(PartnershipScopedQuerySet["ProgressUpdate"]):
    partnership_path = "action__plan__partnership"

    def for_partnership(self, partnership: Partnership) -> Self:
        """The partnership's updates on its current actions: a withdrawn action's updates
        leave the pages and packs with it (they stay on its History)."""
        return super().for_partnership(partnership).filter(action__withdrawn_at__isnull=True)

    def newest_first(self) -> Self:
        return self.order_by("-date", "-pk")

    def newest(self, count: int) -> Self:
        """The `count` newest updates."""
        return self.newest_first()[:count]


class ProgressUpdate(models.Model):
    """A dated note of progress on an action, with the RAG rating at the time."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    narrative = models.TextField()
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    author_name = models.CharField(
        max_length=MAX_AUTHOR_NAME, blank=True, help_text="Shown when the author has no account."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_id = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="One per form shown: a replayed or double-clicked submit adds nothing.",
    )

    objects = ProgressQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=RAG_VALUES), name="update_rag_valid"),
            models.CheckConstraint(condition=~Q(narrative=""), name="update_narrative_not_empty"),
            max_length_check("update_narrative", "narrative", MAX_TEXT),
            max_length_check("update_author_name", "author_name", MAX_AUTHOR_NAME),
        ]
        indexes = [
            models.Index(fields=["action", "date"], name="update_action_date"),
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.date}"

    @property
    def author_display(self) -> str:
        if self.author_id and self.author:
            return self.author.get_full_name() or self.author.get_username()
        return self.author_name or "Unknown"
