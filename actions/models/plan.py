"""Plans that answer findings: a priority action plan, a Local Area Inclusion Plan…"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from inspections.models import Partnership, PartnershipScopedQuerySet
from send_tracker.withdrawal import max_length_check

MAX_TITLE = 200
MAX_SUMMARY = 5000


class Plan(models.Model):
    """A plan answering findings: priority action plan, LAIP, strategic plan, WSOA."""

    class Kind(models.TextChoices):
        PRIORITY_ACTION_PLAN = "priority_action_plan", "Priority action plan (area SEND)"
        LAIP = "laip", "Local Area Inclusion Plan"
        STRATEGIC = "strategic", "Strategic plan"
        WSOA = "wsoa", "Written statement of action"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=MAX_TITLE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The plan this one replaces.",
    )
    summary = models.TextField(blank=True, max_length=MAX_SUMMARY)

    objects = PartnershipScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["priority_action_plan", "laip", "strategic", "wsoa"]),
                name="plan_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "accepted", "published"]),
                name="plan_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("pk")), name="plan_does_not_supersede_itself"
            ),
            models.UniqueConstraint(
                fields=["partnership", "title"], name="plan_unique_title_per_partnership"
            ),
            max_length_check("plan_title", "title", MAX_TITLE),
            max_length_check("plan_summary", "summary", MAX_SUMMARY),
        ]

    def __str__(self) -> str:
        return self.title
