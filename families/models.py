"""The public page for families: its switch, its items and every step each item took.

An item is public only while it is approved, and then only as its approval froze it: the
page reads `FamilyApproval` rows (text and figures as they were when the parent carer forum
approved them), never the item or the live records it was written from.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from actions.models import Measure
from inspections.models import Finding, Partnership, PartnershipScopedQuerySet
from send_tracker.withdrawal import max_length_check

MAX_TITLE = 150
MAX_SAID = 1000
MAX_BODY = 2000
MAX_COMMENT = 1000
MAX_NAME = 150
READING_AGES = (7, 18)  # the youngest and oldest target a partnership may set
DEFAULT_READING_AGE = 11  # Mencap and the NHS aim health information at about this age


class FamilyPage(models.Model):
    """A partnership's public page: off until a partnership admin switches it on."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="family_page"
    )
    is_public = models.BooleanField(
        default=False, help_text="On: anyone with the address can read the approved items."
    )
    target_reading_age = models.PositiveSmallIntegerField(
        default=DEFAULT_READING_AGE,
        help_text="The reading age drafts are checked against (11 suits most families).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(target_reading_age__range=READING_AGES),
                name="family_page_reading_age_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Families page of {self.partnership.name}"


class FamilyItemQuerySet(PartnershipScopedQuerySet["FamilyItem"]):
    def for_listing(self) -> Self:
        """Its finding and measure joined, in the page's order."""
        return self.select_related("finding", "measure").order_by("kind", "position", "pk")


class FamilyItem(models.Model):
    """One item of the families page as officers draft it. Never shown publicly itself."""

    class Kind(models.TextChoices):
        FINDING = "finding", "What inspectors found"
        DOING = "doing", "What we are doing"
        PROGRESS = "progress", "Progress so far"
        YOU_SAID = "you_said", "You said, we did"
        MEASURE = "measure", "A measure explained"
        NEXT_EVENT = "next_event", "What happens next"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING = "awaiting", "Awaiting the forum's approval"
        RETURNED = "returned", "Returned by the forum"
        APPROVED = "approved", "Approved: on the public page"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="family_items"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=MAX_TITLE)
    said = models.TextField(
        "You said",
        blank=True,
        max_length=MAX_SAID,
        help_text="For “You said, we did”: what families told the partnership.",
    )
    body = models.TextField(max_length=MAX_BODY)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_items",
        help_text="The finding it summarises or answers, if any.",
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_items",
        help_text="For a measure: its latest figure, trend and England comparison are "
        "frozen when the forum approves the item.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_illustrative = models.BooleanField(
        default=False, help_text="Demonstration text, shown only on a demo partnership's page."
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    approval = models.OneToOneField(
        "FamilyApproval",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The approval the public page shows while the item is approved.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FamilyItemQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["finding", "doing", "progress", "you_said", "measure", "next_event"]
                ),
                name="family_item_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "awaiting", "returned", "approved", "withdrawn"]),
                name="family_item_status_valid",
            ),
            # Public exactly while approved: an approval to show, and only then.
            models.CheckConstraint(
                condition=Q(status="approved", approval__isnull=False)
                | (~Q(status="approved") & Q(approval__isnull=True)),
                name="family_item_public_only_while_approved",
            ),
            models.CheckConstraint(
                condition=~Q(kind="measure") | Q(measure__isnull=False),
                name="family_item_measure_for_measure_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="you_said") | Q(said=""),
                name="family_item_said_only_for_you_said",
            ),
            models.CheckConstraint(
                condition=~Q(kind="you_said") | ~Q(said=""),
                name="family_item_you_said_has_said",
            ),
            max_length_check("family_item_title", "title", MAX_TITLE),
            max_length_check("family_item_said", "said", MAX_SAID),
            max_length_check("family_item_body", "body", MAX_BODY),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class FamilyApproval(models.Model):
    """What the forum approved, frozen: the words and (for a measure or the next event) the
    figures as they were. Written once, never changed; the public page reads only these."""

    item = models.ForeignKey(FamilyItem, on_delete=models.CASCADE, related_name="approvals")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="family_approvals"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=MAX_NAME)
    approved_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=FamilyItem.Kind.choices)
    title = models.CharField(max_length=MAX_TITLE)
    said = models.TextField(blank=True, max_length=MAX_SAID)
    body = models.TextField(max_length=MAX_BODY)
    # Strings only, as they read on the day: {"measure": …, "latest": …, "trend": …,
    # "england": …} for a measure; {"event": …, "when": …} for the next event.
    figures = models.JSONField(default=dict, blank=True)
    is_illustrative = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            max_length_check("family_approval_title", "title", MAX_TITLE),
            max_length_check("family_approval_said", "said", MAX_SAID),
            max_length_check("family_approval_body", "body", MAX_BODY),
        ]

    def __str__(self) -> str:
        return f"{self.title} (approved {self.approved_at:%Y-%m-%d})"


class FamilyItemEvent(models.Model):
    """One step in an item's life (drafted, changed, sent, returned, approved, withdrawn):
    who, when and the text at that step. Appended, never changed."""

    class Step(models.TextChoices):
        DRAFTED = "drafted", "Drafted"
        EDITED = "edited", "Changed"
        SUBMITTED = "submitted", "Sent to the forum for approval"
        RETURNED = "returned", "Returned by the forum"
        APPROVED = "approved", "Approved by the forum: public"
        WITHDRAWN = "withdrawn", "Withdrawn: taken off the public page"

    item = models.ForeignKey(FamilyItem, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20, choices=Step.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=MAX_NAME)
    at = models.DateTimeField()
    title = models.CharField(max_length=MAX_TITLE)
    said = models.TextField(blank=True, max_length=MAX_SAID)
    body = models.TextField(max_length=MAX_BODY)
    comment = models.TextField(blank=True, max_length=MAX_COMMENT)

    class Meta:
        ordering = ["item", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    step__in=["drafted", "edited", "submitted", "returned", "approved", "withdrawn"]
                ),
                name="family_item_event_step_valid",
            ),
            models.CheckConstraint(
                condition=~Q(step="returned") | ~Q(comment=""),
                name="family_item_event_return_has_comment",
            ),
            max_length_check("family_item_event_comment", "comment", MAX_COMMENT),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.title}"
