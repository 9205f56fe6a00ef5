"""What an inspection found (areas for priority action and for improvement) and how
later inspections judged the action taken on it."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from simple_history.models import HistoricalRecords

from inspections.models.inspection import Inspection
from inspections.models.partnership import Organisation, PartnershipScopedQuerySet
from send_tracker.withdrawal import (
    CURRENT,
    CurrentManager,
    Withdrawable,
    max_length_check,
    withdrawal_checks,
)

# Lengths that fit the longest real reports and letters several times over.
MAX_STATEMENT = 10_000
MAX_JUDGEMENT = 30_000
MAX_FOCUS_INTRO = 300

CODES = {"priority_action": "APA", "improvement": "AFI", "weakness": "AOW"}


def kind_order(kind: str = "kind") -> Case:
    """0 for an area for priority action, 1 for improvement, 2 for the older framework's
    areas of weakness: the order reports give them in. (`kind` names the field, e.g.
    "finding__kind" from an action.) Ordering by the kind's stored value would not do:
    "improvement" sorts before "priority_action"."""
    return Case(
        When(**{kind: "priority_action"}, then=Value(0)),
        When(**{kind: "improvement"}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class FindingQuerySet(PartnershipScopedQuerySet["Finding"]):
    partnership_path = "inspection__partnership"

    def priority_first(self) -> Self:
        """Newest inspection first; areas for priority action, then improvement, then the
        older framework's weaknesses; by number."""
        return self.annotate(kind_order=kind_order()).order_by(
            "-inspection__start_date", "kind_order", "number"
        )

    def with_judgements(self) -> Self:
        """With the inspection and the judgements of it, oldest first, each with its
        inspection (what `Finding.latest_judgement` reads): 2 queries."""
        judgements = Judgement.objects.select_related("inspection").order_by(
            "inspection__start_date", "pk"
        )
        return self.select_related("inspection").prefetch_related(
            Prefetch("judgements", queryset=judgements)
        )

    def with_record(self) -> Self:
        """With the inspection, focus points, responsible bodies and judgements that the
        record pages print: 4 queries."""
        bodies = Organisation.objects.order_by("kind", "name")
        return self.with_judgements().prefetch_related(
            "focus_points", Prefetch("responsible_bodies", queryset=bodies)
        )


class Finding(Withdrawable):
    """An area for priority action, area for improvement or (2016) area of weakness."""

    class Kind(models.TextChoices):
        PRIORITY_ACTION = "priority_action", "Area for priority action"
        IMPROVEMENT = "improvement", "Area for improvement"
        WEAKNESS = "weakness", "Area of weakness"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    statement = models.TextField()
    focus_points_intro = models.CharField(
        max_length=MAX_FOCUS_INTRO,
        blank=True,
        help_text="e.g. 'In particular, they should urgently improve:'",
    )
    responsible_bodies = models.ManyToManyField(
        Organisation, blank=True, related_name="findings_responsible_for"
    )

    objects = CurrentManager.from_queryset(FindingQuerySet)()
    all_objects = FindingQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[responsible_bodies])

    class Meta:
        ordering = ["inspection", "kind", "number"]
        constraints = [
            *withdrawal_checks("finding"),
            max_length_check("finding_statement", "statement", MAX_STATEMENT),
            max_length_check("finding_focus_points_intro", "focus_points_intro", MAX_FOCUS_INTRO),
            models.UniqueConstraint(
                fields=["inspection", "kind", "number"],
                condition=CURRENT,
                name="finding_unique_number",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="finding_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["priority_action", "improvement", "weakness"]),
                name="finding_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """'Area for priority action 1'."""
        return f"{self.get_kind_display()} {self.number}"

    @property
    def latest_judgement(self) -> Judgement | None:
        """The most recent judgement (uses prefetched, date-ordered judgements when present)."""
        judgements = list(self.judgements.all())
        if not judgements:
            return None
        return max(judgements, key=lambda j: j.inspection.start_date)

    @property
    def short_code(self) -> str:
        """'APA 1', 'AFI 2', 'AOW 3'."""
        return f"{CODES[self.kind]} {self.number}"


class FocusPoint(Withdrawable):
    """One 'in particular…' bullet of a finding, in the order printed."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="focus_points")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    objects = CurrentManager()
    all_objects = models.Manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "order"]
        constraints = [
            *withdrawal_checks("focus_point"),
            max_length_check("focus_point_text", "text", MAX_STATEMENT),
            models.UniqueConstraint(
                fields=["finding", "order"], condition=CURRENT, name="focus_point_order"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Judgement(Withdrawable):
    """How a later inspection judged the action taken on a finding."""

    class Outcome(models.TextChoices):
        EFFECTIVE = "effective", "Effective action"
        INEFFECTIVE = "ineffective", "Ineffective action"
        SUFFICIENT = "sufficient", "Sufficient progress"
        INSUFFICIENT = "insufficient", "Insufficient progress"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="judgements")
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="judgements",
        help_text="The monitoring inspection or revisit that made the judgement.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    narrative = models.TextField(blank=True)

    objects = CurrentManager()
    all_objects = models.Manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "inspection__start_date"]
        constraints = [
            *withdrawal_checks("judgement"),
            max_length_check("judgement_narrative", "narrative", MAX_JUDGEMENT),
            models.UniqueConstraint(
                fields=["finding", "inspection"],
                condition=CURRENT,
                name="judgement_one_per_inspection",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["effective", "ineffective", "sufficient", "insufficient"]),
                name="judgement_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_positive(self) -> bool:
        return self.outcome in {self.Outcome.EFFECTIVE, self.Outcome.SUFFICIENT}

    @property
    def label(self) -> str:
        """'Ineffective action, March 2026'."""
        return f"{self.get_outcome_display()}, {self.inspection.start_date:%B %Y}"
