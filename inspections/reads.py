"""Prepared reads for the pages every request goes through (send_tracker/prepared.py).

Each is an ordinary QuerySet, scoped to a partnership, compiled to SQL once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from inspections import display
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)
from send_tracker.prepared import JSONRows, hydrate, prepared


@prepared
def membership_rows(user_id: int, slug: str) -> QuerySet:
    """The user's membership of the partnership with this slug (0 or 1 row), with its
    partnership and whether the user belongs to any other partnership."""
    others = Membership.objects.filter(user_id=OuterRef("user_id")).exclude(pk=OuterRef("pk"))
    return (
        Membership.objects.filter(user_id=user_id, partnership__slug=slug)
        .annotate(member_of_several=Exists(others))
        .values_list(
            "id",
            "user_id",
            "partnership_id",
            "role",
            "organisation_id",
            "member_of_several",
            "partnership__name",
            "partnership__slug",
            "partnership__is_demo",
        )
    )


def membership_of(user_id: int, slug: str) -> Membership | None:
    """The membership (with its partnership) that `partnership_view` checks: 1 query."""
    rows = membership_rows(user_id=user_id, slug=slug)
    if not rows:
        return None
    (row,) = rows
    membership = hydrate(
        Membership,
        id=row.id,
        user_id=row.user_id,
        partnership_id=row.partnership_id,
        role=row.role,
        organisation_id=row.organisation_id,
    )
    membership.partnership = hydrate(
        Partnership,
        id=row.partnership_id,
        name=row.partnership__name,
        slug=row.partnership__slug,
        is_demo=row.partnership__is_demo,
    )
    membership.member_of_several = row.member_of_several
    return membership


DEADLINE_COLUMNS = (
    "id",
    "title",
    "source",
    "due_date",
    "due_text",
    "is_approximate",
    "status",
    "met_date",
    "evidence",
    "version",
    "owner__name",
    "intervention__title",
    "inspection__kind",
    "inspection__start_date",
)


def _deadline_order(deadlines: QuerySet) -> QuerySet:
    """Soonest first; deadlines with no date last (the model's own order)."""
    return deadlines.order_by(F("due_date").asc(nulls_last=True), "title", "pk")


@prepared
def deadline_rows(partnership_id: int, deadline_id: int | None) -> QuerySet:
    """The partnership's deadlines (or just one), soonest first."""
    deadlines = Deadline.objects.filter(partnership_id=partnership_id)
    if deadline_id is not None:
        deadlines = deadlines.filter(pk=deadline_id)
    return _deadline_order(deadlines).values_list(*DEADLINE_COLUMNS)


@prepared
def inspection_deadline_rows(partnership_id: int, inspection_id: int) -> QuerySet:
    """The deadlines an inspection set, soonest first."""
    deadlines = Deadline.objects.filter(partnership_id=partnership_id, inspection_id=inspection_id)
    return _deadline_order(deadlines).values_list(*DEADLINE_COLUMNS)


@dataclass
class DeadlineRow:
    """A deadline as the deadline tables print it."""

    pk: int
    title: str
    source_label: str
    owner: str
    intervention: str
    inspection_sentence: str
    due_date: dt.date | None
    due_text: str
    is_approximate: bool
    status: str
    status_label: str
    met_date: dt.date | None
    evidence: str
    version: int
    overdue: bool


SOURCE_LABELS = dict(Deadline.Source.choices)
STATUS_LABELS = dict(Deadline.Status.choices)


def deadline_table_rows(rows, today: dt.date) -> list[DeadlineRow]:
    return [
        DeadlineRow(
            pk=row.id,
            title=row.title,
            source_label=SOURCE_LABELS.get(row.source, row.source),
            owner=row.owner__name or "",
            intervention=row.intervention__title or "",
            inspection_sentence=(
                display.inspection_in_sentence(row.inspection__kind, row.inspection__start_date)
                if row.inspection__kind
                else ""
            ),
            due_date=row.due_date,
            due_text=row.due_text,
            is_approximate=row.is_approximate,
            status=row.status,
            status_label=STATUS_LABELS.get(row.status, row.status),
            met_date=row.met_date,
            evidence=row.evidence,
            version=row.version,
            overdue=row.status == Deadline.Status.OPEN
            and row.due_date is not None
            and row.due_date < today,
        )
        for row in rows
    ]


# The inspection page.

INSPECTION_FIELDS = tuple(field.attname for field in Inspection._meta.concrete_fields)


@prepared
def inspection_row(partnership_id: int, inspection_id: int) -> QuerySet:
    """One inspection of the partnership (0 or 1 row), whole, with the one it follows and,
    as JSON lists (`json_rows`), its team and its letter's addressees."""
    inspection = OuterRef("pk")
    return (
        Inspection.objects.filter(pk=inspection_id, partnership_id=partnership_id)
        .annotate(
            team_list=JSONRows(
                InspectionTeamMember.objects.filter(inspection_id=inspection)
                .order_by("order", "pk")
                .values("id", "order", "name", "role", "inspectorate")
            ),
            addressee_list=JSONRows(
                Addressee.objects.filter(inspection_id=inspection)
                .order_by("order", "pk")
                .values("id", "order", "name", "role", "organisation")
            ),
        )
        .values_list(
            *INSPECTION_FIELDS,
            "follows__kind",
            "follows__start_date",
            "follows__end_date",
            "team_list",
            "addressee_list",
        )
    )


def _about(inspection_id: int, path: str = "") -> Q:
    """Findings the inspection made or judged (`path` leads from the rows to a finding).

    One subquery of both kinds (a UNION), not an OR of two conditions: with the OR,
    PostgreSQL could use no index and read every finding of every partnership."""
    made = Finding.objects.filter(inspection_id=inspection_id).values("pk")
    judged = Judgement.objects.filter(inspection_id=inspection_id).values("finding_id")
    return Q(**{f"{path}pk__in": made.union(judged)})


def finding_point_and_body_lists() -> dict[str, JSONRows]:
    """Annotations for a Finding QuerySet: `point_list`, its focus points in order, and
    `body_list`, its responsible bodies (by kind of body, then name), as JSON
    lists (`json_rows`) of {id, order, text} and {id, name}."""
    finding = OuterRef("pk")
    return {
        "point_list": JSONRows(
            FocusPoint.objects.filter(finding_id=finding)
            .order_by("order", "pk")
            .values("id", "order", "text")
        ),
        "body_list": JSONRows(
            Organisation.objects.filter(findings_responsible_for=finding)
            .order_by("kind", "name", "pk")
            .values("id", "name")
        ),
    }


@prepared
def inspection_finding_rows(inspection_id: int) -> QuerySet:
    """The findings the inspection made or judged, priority action first, each with its
    focus points and responsible bodies as JSON lists (`json_rows`)."""
    return (
        Finding.objects.filter(_about(inspection_id))
        .priority_first()
        .annotate(**finding_point_and_body_lists())
        .values_list(
            "id",
            "inspection_id",
            "kind",
            "number",
            "statement",
            "focus_points_intro",
            "point_list",
            "body_list",
        )
    )


@prepared
def inspection_judgement_rows(inspection_id: int) -> QuerySet:
    """Every judgement of those findings, oldest first."""
    return (
        Judgement.objects.filter(_about(inspection_id, "finding__"))
        .order_by("inspection__start_date", "pk")
        .values_list(
            "id", "finding_id", "inspection_id", "outcome", "narrative", "inspection__start_date"
        )
    )
