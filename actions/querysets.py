"""Chainable QuerySets for plans, actions, updates and measures, scoped to a partnership."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db.models import Prefetch

from inspections.querysets import PartnershipScopedQuerySet


class PlanQuerySet(PartnershipScopedQuerySet):
    pass


class ActionQuerySet(PartnershipScopedQuerySet):
    partnership_path = "plan__partnership"

    def open(self) -> Self:
        return self.exclude(status="complete")

    def overdue(self, today: dt.date) -> Self:
        """Not complete and past the due date."""
        return self.open().filter(due_date__lt=today)

    def for_listing(self) -> Self:
        """What a table of actions shows, in one query."""
        return self.select_related(
            "finding", "finding__inspection", "focus_point", "lead_organisation", "plan"
        )


class ProgressQuerySet(PartnershipScopedQuerySet):
    partnership_path = "action__plan__partnership"


class MeasureQuerySet(PartnershipScopedQuerySet):
    def with_values(self) -> Self:
        """Measures with their values (oldest first) and linked findings: 3 queries."""
        from actions.models import MeasureValue

        return self.prefetch_related(
            Prefetch("values", queryset=MeasureValue.objects.order_by("date")),
            "findings",
        )
