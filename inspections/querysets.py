"""Chainable QuerySets. Every read of partnership data goes through a partnership scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Prefetch

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from inspections.models import Partnership


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """Partnerships the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class PartnershipScopedQuerySet(models.QuerySet):
    """Rows that belong to a partnership through `partnership_path`."""

    partnership_path = "partnership"

    def for_partnership(self, partnership: Partnership) -> Self:
        return self.filter(**{self.partnership_path: partnership})

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """Rows of any partnership the user belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{f"{self.partnership_path}__memberships__user": user})


class InspectionQuerySet(PartnershipScopedQuerySet):
    def timeline(self) -> Self:
        """Oldest first, with what the list pages show (1 query + prefetches)."""
        return self.order_by("start_date").select_related("follows")


class FindingQuerySet(PartnershipScopedQuerySet):
    partnership_path = "inspection__partnership"

    def priority_first(self) -> Self:
        """Areas for priority action first, then improvement, then older weaknesses."""
        from django.db.models import Case, IntegerField, Value, When

        order = Case(
            When(kind="priority_action", then=Value(0)),
            When(kind="improvement", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.annotate(kind_order=order).order_by(
            "-inspection__start_date", "kind_order", "number"
        )

    def with_judgements(self) -> Self:
        """Findings with their inspection, focus points, bodies and judgements (oldest first)."""
        from inspections.models import Judgement

        return self.select_related("inspection").prefetch_related(
            "focus_points",
            "responsible_bodies",
            Prefetch(
                "judgements",
                queryset=Judgement.objects.select_related("inspection").order_by(
                    "inspection__start_date"
                ),
            ),
        )


class DeadlineQuerySet(PartnershipScopedQuerySet):
    def open(self) -> Self:
        return self.filter(status="open")

    def overdue(self, today: dt.date) -> Self:
        """Open deadlines whose due date has passed."""
        return self.open().filter(due_date__lt=today)

    def for_listing(self, today: dt.date) -> Self:
        """Owner, intervention and inspection joined; `overdue` annotated as of `today`."""
        from django.db.models import BooleanField, ExpressionWrapper, Q

        overdue = ExpressionWrapper(
            Q(status="open", due_date__lt=today), output_field=BooleanField()
        )
        return self.select_related("owner", "intervention", "inspection").annotate(overdue=overdue)
