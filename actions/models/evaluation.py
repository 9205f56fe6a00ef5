"""The partnership's own assessment of each area for priority action: what it believes,
with its evidence, before the inspectors judge it. Never computed: recorded by officers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.models import Finding, PartnershipScopedQuerySet
from send_tracker.audit import Versioned
from send_tracker.withdrawal import max_length_check

MAX_EVIDENCE = 5000


class SelfEvaluationQuerySet(PartnershipScopedQuerySet["SelfEvaluation"]):
    partnership_path = "finding__inspection__partnership"


class SelfEvaluation(Versioned):
    """The partnership's latest self-evaluation of one area for priority action (its
    earlier ones are in the history)."""

    class Assessment(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        NOT_YET_EFFECTIVE = "not_yet_effective", "Not yet effective"
        NOT_ASSESSED = "not_assessed", "Not assessed"

    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="self_evaluation"
    )
    assessment = models.CharField(max_length=20, choices=Assessment.choices)
    evidence = models.TextField(blank=True, help_text="A summary of the evidence.")
    assessed_on = models.DateField(help_text="When the partnership made this assessment.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SelfEvaluationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__in=["effective", "not_yet_effective", "not_assessed"]),
                name="self_evaluation_assessment_valid",
            ),
            max_length_check("self_evaluation_evidence", "evidence", MAX_EVIDENCE),
        ]

    def __str__(self) -> str:
        return f"Self-evaluation of {self.finding}: {self.get_assessment_display()}"
