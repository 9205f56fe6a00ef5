"""The partnership's activity log, read from every domain model's history table."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.urls import reverse

from inspections.models import Partnership
from send_tracker.audit import Entry, entries_for

# Model label -> lookup from its history rows to the partnership.
AUDITED: dict[str, str] = {
    "inspections.Organisation": "partnership",
    "inspections.Membership": "partnership",
    "inspections.Inspection": "partnership",
    "inspections.InspectionTeamMember": "inspection__partnership",
    "inspections.Addressee": "inspection__partnership",
    "inspections.Finding": "inspection__partnership",
    "inspections.FocusPoint": "finding__inspection__partnership",
    "inspections.Judgement": "finding__inspection__partnership",
    "inspections.Intervention": "partnership",
    "inspections.Deadline": "partnership",
    "actions.Plan": "partnership",
    "actions.Action": "plan__partnership",
    "actions.ProgressUpdate": "action__plan__partnership",
    "actions.Measure": "partnership",
    "actions.MeasureValue": "measure__partnership",
}
PER_MODEL_LIMIT = 100
# Records with a History page of their own, by model label.
HISTORY_PAGES = {
    "actions.Action": "actions:action-history",
    "inspections.Finding": "actions:finding-history",
    "inspections.Deadline": "inspections:deadline-history",
}


def activity(
    partnership: Partnership,
    *,
    user_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 100,
) -> list[Entry]:
    """Newest first: one query per audited model, whatever the size of the history."""
    entries: list[Entry] = []
    for label, path in AUDITED.items():
        history = apps.get_model(label).history.model
        rows = history.objects.filter(**{path: partnership}).select_related("history_user")
        if user_id is not None:
            rows = rows.filter(history_user_id=user_id)
        if start is not None:
            rows = rows.filter(history_date__date__gte=start)
        if end is not None:
            rows = rows.filter(history_date__date__lte=end)
        newest = list(rows.order_by("-history_date", "-history_id")[:PER_MODEL_LIMIT])
        oldest_first = list(reversed(newest))
        # Field changes are on each object's own History page, not in the log.
        for entry, row in zip(
            entries_for(oldest_first, with_changes=False), oldest_first, strict=True
        ):
            if label in HISTORY_PAGES and row.history_type != "-":
                kwargs = {"slug": partnership.slug, "pk": row.id}
                entry.url = reverse(HISTORY_PAGES[label], kwargs=kwargs)
            entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
