"""Partnerships, inspections, findings, judgements, DfE interventions and deadlines."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from inspections import display
from inspections.querysets import (
    DeadlineQuerySet,
    FindingQuerySet,
    InspectionQuerySet,
    PartnershipQuerySet,
    PartnershipScopedQuerySet,
)


class Partnership(models.Model):
    """A local area partnership: a council, its ICB(s) and its parent carer forum."""

    name = models.CharField(max_length=120, unique=True, help_text="e.g. Suffolk")
    slug = models.SlugField(max_length=60, unique=True)
    is_demo = models.BooleanField(
        default=False, help_text="Demo partnership: pages say which data is illustrative."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} Local Area Partnership"


class Organisation(models.Model):
    """A member body of a partnership (council, ICB, parent carer forum, other)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        ICB = "icb", "Integrated care board"
        PCF = "pcf", "Parent carer forum"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    objects = PartnershipScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_unique_name_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["council", "icb", "pcf", "other"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one partnership. A user may belong to several partnerships."""

    class Role(models.TextChoices):
        BOARD = "board", "Board member"
        OFFICER = "officer", "Officer"
        LEADER = "leader", "Partnership leader"
        ADMIN = "admin", "Partnership admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="membership_one_role_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["board", "officer", "leader", "admin"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.partnership.name}"

    @property
    def can_edit_records(self) -> bool:
        """Officers and above record inspections, findings, deadlines, plans and measures."""
        return self.role in {self.Role.OFFICER, self.Role.LEADER, self.Role.ADMIN}

    @property
    def can_update_progress(self) -> bool:
        """Leaders and admins change action status and RAG and add progress updates."""
        return self.role in {self.Role.LEADER, self.Role.ADMIN}


class Inspection(models.Model):
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
    outcome_text = models.TextField(blank=True, help_text="The outcome paragraph as published.")
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="For a monitoring inspection or revisit: the inspection it follows up.",
    )
    source = models.CharField(max_length=300, blank=True)

    objects = InspectionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "start_date"]
        constraints = [
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
                name="inspection_unique_per_partnership_kind_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date_range}"

    @property
    def date_range(self) -> str:
        """Dates the way reports write them: '13 to 17 November 2023'."""
        from inspections.dates import format_date_range

        return format_date_range(self.start_date, self.end_date)

    @property
    def is_follow_up(self) -> bool:
        return self.kind in {self.Kind.MONITORING, self.Kind.REVISIT_2016}

    @property
    def short_kind(self) -> str:
        """'full inspection', for use inside a sentence."""
        return display.INSPECTION_SHORT_KINDS[self.kind]

    @property
    def short_title(self) -> str:
        """'Full inspection, November 2023'."""
        return display.inspection_short_title(self.kind, self.start_date)

    @property
    def in_sentence(self) -> str:
        """'the full inspection of November 2023'."""
        return display.inspection_in_sentence(self.kind, self.start_date)


class InspectionTeamMember(models.Model):
    """An inspector on the team, with role and inspectorate, in the order printed."""

    class Inspectorate(models.TextChoices):
        OFSTED = "ofsted", "Ofsted"
        CQC = "cqc", "CQC"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=200)
    inspectorate = models.CharField(max_length=10, choices=Inspectorate.choices)
    is_signatory = models.BooleanField(default=False, help_text="Signed the monitoring letter.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="team_member_order"),
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
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="addressee_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}, {self.organisation}"


class Finding(models.Model):
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
        max_length=300, blank=True, help_text="e.g. 'In particular, they should urgently improve:'"
    )
    responsible_bodies = models.ManyToManyField(
        Organisation, blank=True, related_name="findings_responsible_for"
    )

    objects = FindingQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[responsible_bodies])

    class Meta:
        ordering = ["inspection", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind", "number"], name="finding_unique_number"
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
        return display.finding_title(self.kind, self.number)

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
        return display.finding_code(self.kind, self.number)


class FocusPoint(models.Model):
    """One 'in particular…' bullet of a finding, in the order printed."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="focus_points")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "order"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "order"], name="focus_point_order"),
        ]

    def __str__(self) -> str:
        return self.text


class Judgement(models.Model):
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "inspection__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "inspection"], name="judgement_one_per_inspection"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["effective", "ineffective", "sufficient", "insufficient"]),
                name="judgement_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}, {self.inspection.start_date:%B %Y}"

    @property
    def is_positive(self) -> bool:
        return self.outcome in {self.Outcome.EFFECTIVE, self.Outcome.SUFFICIENT}

    @property
    def label(self) -> str:
        """'Ineffective action, March 2026'."""
        return display.judgement_label(self.outcome, self.inspection.start_date)


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
    title = models.CharField(max_length=200)
    date = models.DateField(help_text="Date issued or held.")
    date_is_approximate = models.BooleanField(
        default=False, help_text="Only the month is known (e.g. 'May 2024')."
    )
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)

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
            models.UniqueConstraint(
                fields=["partnership", "kind", "date"], name="intervention_unique_per_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
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
    title = models.CharField(max_length=300)
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
        max_length=100,
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
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases with every change; stale edits are refused."
    )

    objects = DeadlineQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", models.F("due_date").asc(nulls_last=True), "title"]
        constraints = [
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

    def is_overdue_on(self, today: dt.date) -> bool:
        """Open and past its due date."""
        return (
            self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today
        )
