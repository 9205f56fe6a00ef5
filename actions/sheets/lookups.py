"""The partnership's records an import names, read once per check (a fixed number of
queries however many rows): findings by code, focus points, organisations, the members
who may own actions, and its actions by reference."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from actions.forms.lifecycle import possible_owners
from actions.models import Action
from inspections.models import Finding, FocusPoint, Organisation, Partnership

KIND_WORDS = {
    "apa": Finding.Kind.PRIORITY_ACTION,
    "area for priority action": Finding.Kind.PRIORITY_ACTION,
    "priority action": Finding.Kind.PRIORITY_ACTION,
    "afi": Finding.Kind.IMPROVEMENT,
    "area for improvement": Finding.Kind.IMPROVEMENT,
    "improvement": Finding.Kind.IMPROVEMENT,
    "aow": Finding.Kind.WEAKNESS,
    "area of weakness": Finding.Kind.WEAKNESS,
    "weakness": Finding.Kind.WEAKNESS,
}
KIND_NAMES: dict[str, str] = {
    Finding.Kind.PRIORITY_ACTION: "area for priority action",
    Finding.Kind.IMPROVEMENT: "area for improvement",
    Finding.Kind.WEAKNESS: "area of weakness",
}
_FINDING = re.compile(r"^([a-z ]*?)\s*(\d+)(?:\s*[.:]\s*(\d+))?\b")
TRACKER_REFERENCE = re.compile(r"^st-(\d+)$", re.IGNORECASE)
AMBIGUOUS: Any = object()  # a name two members share


def finding_code(text: str) -> tuple[str, int, int | None] | None:
    """('priority_action', 1, focus point or None) for 'APA 1', 'Area for priority action
    1', '1' or 'APA 1.2'; None when the text is not a finding's code."""
    match = _FINDING.match(" ".join(text.lower().replace("-", " ").split()))
    if not match:
        return None
    words, number, point = match.groups()
    kind = KIND_WORDS.get(words.strip()) if words.strip() else Finding.Kind.PRIORITY_ACTION
    if kind is None:
        return None
    return kind, int(number), int(point) if point else None


@dataclass
class Records:
    findings: dict[tuple[str, int], Finding] = field(default_factory=dict)
    finding_by_pk: dict[int, Finding] = field(default_factory=dict)
    points: dict[tuple[int, int], FocusPoint] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    organisation_names: list[str] = field(default_factory=list)
    owners: dict[str, Any] = field(default_factory=dict)  # name, username or email -> user
    by_pk: dict[int, Action] = field(default_factory=dict)  # withdrawn ones too
    by_reference: dict[str, list[Action]] = field(default_factory=dict)

    def owner(self, text: str) -> AbstractBaseUser | Any | None:
        return self.owners.get(text.strip().lower())

    def user_label(self, user: Any) -> str:
        return (user.get_full_name() or user.get_username()) if user else ""


def records_for(partnership: Partnership, *, with_actions: bool = True) -> Records:
    """Everything a row of actions may name, from this partnership only: 6 queries."""
    records = Records()
    findings = Finding.objects.for_partnership(partnership).select_related("inspection")
    # Newest inspection first, so 'APA 1' is the current one's.
    for finding in findings.order_by("-inspection__start_date", "pk"):
        records.findings.setdefault((finding.kind, finding.number), finding)
        records.finding_by_pk[finding.pk] = finding
    points = FocusPoint.objects.filter(finding__in=list(records.finding_by_pk))
    records.points = {(p.finding_id, p.order): p for p in points}
    for organisation in Organisation.objects.for_partnership(partnership).order_by("name"):
        records.organisation_names.append(organisation.name)
        for name in (organisation.name, organisation.short_name):
            if name:
                records.organisations.setdefault(name.strip().lower(), organisation)
    owners = list(possible_owners(partnership))
    if with_actions:
        actions = list(
            Action.all_objects.for_partnership(partnership).select_related("owner", "plan")
        )
        records.by_pk = {a.pk: a for a in actions}
        for action in actions:
            if action.reference:
                records.by_reference.setdefault(action.reference.lower(), []).append(action)
    for user in owners:
        keys = {user.get_full_name().lower(), user.get_username().lower(), user.email.lower()}
        for key in keys - {""}:
            previous = records.owners.get(key)
            records.owners[key] = user if previous in (None, user) else AMBIGUOUS
    return records
