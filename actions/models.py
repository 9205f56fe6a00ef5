"""Plans, actions, progress updates and measures of impact."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from actions.querysets import ActionQuerySet, MeasureQuerySet, PlanQuerySet, ProgressQuerySet
from inspections import display
from inspections.models import Finding, FocusPoint, Organisation, Partnership


class Rag(models.TextChoices):
    """Red/amber/green rating; blue means complete."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


RAG_VALUES = [choice.value for choice in Rag]


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
    title = models.CharField(max_length=200)
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
    summary = models.TextField(blank=True)

    objects = PlanQuerySet.as_manager()

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
        ]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
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
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions_led"
    )
    lead_name = models.CharField(max_length=120, blank=True, help_text="Named lead.")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, default=Rag.AMBER)
    is_illustrative = models.BooleanField(
        default=False, help_text="Demo data made up to illustrate the product, not published."
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases with every change; stale edits are refused."
    )

    objects = ActionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
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


class ProgressUpdate(models.Model):
    """A dated note of progress on an action, with the RAG rating at the time."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    # The action's plan's partnership, stored (set on every save) so that a partnership's
    # newest updates are an index scan. Reads still scope through the action's plan too:
    # this column only finds rows faster, it never decides whose they are.
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        db_index=False,  # update_partnership_newest leads with it
    )
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
        max_length=120, blank=True, help_text="Shown when the author has no account."
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

    history = HistoricalRecords(excluded_fields=["partnership"])  # derived, not a change

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=RAG_VALUES), name="update_rag_valid"),
            models.CheckConstraint(condition=~Q(narrative=""), name="update_narrative_not_empty"),
        ]
        indexes = [
            models.Index(fields=["action", "date"], name="update_action_date"),
            models.Index(fields=["partnership", "-date", "-id"], name="update_partnership_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.date}"

    def save(self, *args, **kwargs) -> None:
        """Stores the partnership of the action's plan (bulk inserts must set it)."""
        self.partnership_id = (
            Plan.objects.filter(actions=self.action_id).values_list("partnership", flat=True).get()
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "partnership" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "partnership"]
        super().save(*args, **kwargs)

    @property
    def author_display(self) -> str:
        if self.author_id and self.author:
            return self.author.get_full_name() or self.author.get_username()
        return display.person_name(None, None, None, self.author_name)


class Measure(models.Model):
    """A measure of impact (KPI) with baseline, target and England average."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Per cent"
        COUNT = "count", "Count"
        WEEKS = "weeks", "Weeks"
        DAYS = "days", "Days"
        RATE = "rate", "Rate per 10,000"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(default=True)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    england_average = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    england_average_note = models.CharField(
        max_length=200, blank=True, help_text="Which year or publication the average is from."
    )
    findings = models.ManyToManyField(Finding, blank=True, related_name="measures")
    is_illustrative = models.BooleanField(
        default=False, help_text="Demo data made up to illustrate the product, not published."
    )

    objects = MeasureQuerySet.as_manager()

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
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measure_value_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date}"


class BoardPack(models.Model):
    """A board briefing pack requested from the pages, built by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_packs"
    )
    as_of = models.DateField()
    since = models.DateField()
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_by_name = models.CharField(max_length=150)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(since__lte=F("as_of")), name="pack_period_not_inverted"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_max_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="pack_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Briefing pack, {self.partnership.name}, {self.as_of}"

    @property
    def filename(self) -> str:
        return f"{self.partnership.slug}-briefing-pack-{self.as_of:%Y-%m-%d}.pdf"
