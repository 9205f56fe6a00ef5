"""Prepared reads for the progress pages (send_tracker/prepared.py).

Each is an ordinary QuerySet scoped to one partnership, compiled to SQL once per shape;
rows come back as named tuples with the `values()` names. Pages read only the columns
they print.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat

from actions.models import Action, Measure, MeasureValue, ProgressUpdate
from inspections.models import (
    Deadline,
    Finding,
    Judgement,
    Organisation,
    Partnership,
)
from inspections.reads import finding_point_and_body_lists
from send_tracker.prepared import JoinedText, JSONRows, prepared

# A card shows a measure's latest values; the Measures page shows every value.
CARD_VALUES = 12

# Measure values are read as text and made decimals in Python (`measure_summaries`):
# exact on both databases, and on SQLite ten times cheaper than Django's converter,
# which builds a decimal context for every value.
VALUE_TEXT = Cast("value", CharField())

MEASURE_FIELDS = (
    "id",
    "partnership_id",
    "name",
    "definition",
    "unit",
    "higher_is_better",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "england_average",
    "england_average_note",
    "is_illustrative",
)
# What a measure card (dashboard, finding page) prints of the measure itself.
CARD_FIELDS = (
    "id",
    "name",
    "unit",
    "higher_is_better",
    "target_value",
    "target_date",
    "england_average",
    "is_illustrative",
)


@prepared
def finding_rows(partnership_id: int, today: dt.date) -> QuerySet:
    """The partnership's findings (newest inspection first, priority action first), each
    with its actions counted (overdue as of `today`) and its latest judgement's outcome
    and inspection date (None when not yet judged)."""
    latest = Judgement.objects.filter(finding_id=OuterRef("pk")).order_by(
        "-inspection__start_date", "-pk"
    )
    is_open = ~Q(actions__status=Action.Status.COMPLETE)
    return (
        Finding.objects.filter(inspection__partnership_id=partnership_id)
        .priority_first()
        .annotate(
            judged=Subquery(latest.values("outcome")[:1]),
            judged_on=Subquery(latest.values("inspection__start_date")[:1]),
            total=Count("actions"),
            complete=Count("actions", filter=Q(actions__status=Action.Status.COMPLETE)),
            in_progress=Count("actions", filter=Q(actions__status=Action.Status.IN_PROGRESS)),
            not_started=Count("actions", filter=Q(actions__status=Action.Status.NOT_STARTED)),
            on_hold=Count("actions", filter=Q(actions__status=Action.Status.ON_HOLD)),
            overdue=Count("actions", filter=is_open & Q(actions__due_date__lt=today)),
            red=Count("actions", filter=is_open & Q(actions__rag="red")),
            amber=Count("actions", filter=is_open & Q(actions__rag="amber")),
            next_due=Min("actions__due_date", filter=is_open),
        )
        .values_list(
            "id",
            "kind",
            "number",
            "statement",
            "inspection_id",
            "inspection__kind",
            "inspection__start_date",
            "judged",
            "judged_on",
            "total",
            "complete",
            "in_progress",
            "not_started",
            "on_hold",
            "overdue",
            "red",
            "amber",
            "next_due",
        )
    )


def open_deadline_rows(partnership_id: int, until: dt.date) -> QuerySet:
    """Open deadlines due on or before `until` (overdue ones included), soonest first."""
    return (
        Deadline.objects.filter(partnership_id=partnership_id, status="open", due_date__lte=until)
        .order_by("due_date", "pk")
        .values_list("id", "title", "due_date", "is_approximate")
    )


@prepared
def measure_rows(partnership_id: int) -> QuerySet:
    """The partnership's measures by name."""
    return (
        Measure.objects.filter(partnership_id=partnership_id)
        .order_by("name", "pk")
        .values_list(*MEASURE_FIELDS)
    )


def _with_recent(measures: QuerySet) -> QuerySet:
    """Measures with their latest CARD_VALUES + 1 values as text, "date=value;…" in no
    particular order (the extra one only says that earlier values exist), read through
    each measure's (measure, date) index."""
    newest = (
        MeasureValue.objects.filter(measure_id=OuterRef("pk"))
        .order_by("-date")
        .annotate(pair=Concat(Cast("date", CharField()), Value("="), VALUE_TEXT))
        .values("pair")[: CARD_VALUES + 1]
    )
    return measures.order_by("name", "pk").annotate(recent=JoinedText(newest))


@prepared
def measure_card_rows(partnership_id: int) -> QuerySet:
    """The partnership's measures by name, each with its latest values."""
    measures = Measure.objects.filter(partnership_id=partnership_id)
    return _with_recent(measures).values_list(*CARD_FIELDS, "recent")


def finding_measure_card_rows(finding_id: int) -> QuerySet:
    """The measures linked to one finding, by name, each with its latest values."""
    measures = Measure.objects.filter(findings__id=finding_id)
    return _with_recent(measures).values_list(*CARD_FIELDS, "recent")


@prepared
def value_rows(partnership_id: int) -> QuerySet:
    """Every value of every measure of the partnership, oldest first."""
    return (
        MeasureValue.objects.filter(measure__partnership_id=partnership_id)
        .annotate(value_text=VALUE_TEXT)
        .order_by("measure_id", "date")
        .values_list("measure_id", "date", "value_text")
    )


def recent_update_rows(partnership_id: int) -> QuerySet:
    """The partnership's 8 newest progress updates, with their action and finding. The
    newest ids are read from the (partnership, -date, -id) index, on narrow columns; the
    rows are then scoped through the action's plan as every read is, so the stored
    partnership only finds updates, it never decides whose they are."""
    newest = (
        ProgressUpdate.objects.filter(partnership_id=partnership_id)
        .order_by("-date", "-pk")
        .values("pk")[:8]
    )
    return (
        ProgressUpdate.objects.filter(pk__in=newest, action__plan__partnership_id=partnership_id)
        .order_by("-date", "-pk")
        .values_list(
            "id",
            "action_id",
            "date",
            "rag",
            "narrative",
            "action__title",
            "action__finding__kind",
            "action__finding__number",
        )
    )


@prepared
def dashboard_lists(partnership_id: int, today: dt.date, until: dt.date) -> QuerySet:
    """The dashboard's lists in one row, each a JSON list (`json_rows`): the findings with
    their figures (as `finding_rows`), the open deadlines due by `until`, the measures with
    their latest values (as `measure_card_rows`) and the 8 newest progress updates (as
    `recent_update_rows`). One round trip, not four."""
    return (
        Partnership.objects.filter(pk=partnership_id)
        .annotate(
            finding_list=JSONRows(finding_rows.build(partnership_id=partnership_id, today=today)),
            deadline_list=JSONRows(open_deadline_rows(partnership_id=partnership_id, until=until)),
            measure_list=JSONRows(measure_card_rows.build(partnership_id=partnership_id)),
            update_list=JSONRows(recent_update_rows(partnership_id=partnership_id)),
        )
        .values_list("finding_list", "deadline_list", "measure_list", "update_list")
    )


# The finding page.


@prepared
def finding_row(
    partnership_id: int,
    finding_id: int,
    before_date: dt.date | None,
    before_id: int | None,
) -> QuerySet:
    """One finding of the partnership (0 or 1 row), with its inspection and, as JSON lists
    (`json_rows`), everything its page lists: focus points, responsible bodies, judgements,
    actions (as `finding_action_rows`), measures (as `finding_measure_card_rows`) and a
    page of progress updates (as `finding_update_rows`). One round trip, not seven; the
    lists are read only when the finding is the partnership's."""
    finding = OuterRef("pk")
    return (
        Finding.objects.filter(pk=finding_id, inspection__partnership_id=partnership_id)
        .annotate(
            **finding_point_and_body_lists(),
            judgement_list=JSONRows(
                Judgement.objects.filter(finding_id=finding)
                .order_by("inspection__start_date", "pk")
                .values(
                    "id",
                    "outcome",
                    "narrative",
                    "inspection_id",
                    inspection_kind=F("inspection__kind"),
                    inspection_start=F("inspection__start_date"),
                )
            ),
            action_list=JSONRows(finding_action_rows(finding_id=finding_id)),
            measure_list=JSONRows(finding_measure_card_rows(finding_id=finding_id)),
            update_list=JSONRows(
                finding_update_rows(
                    finding_id=finding_id, before_date=before_date, before_id=before_id
                )
            ),
        )
        .values_list(
            "id",
            "kind",
            "number",
            "statement",
            "focus_points_intro",
            "inspection_id",
            "inspection__kind",
            "inspection__start_date",
            "point_list",
            "body_list",
            "judgement_list",
            "action_list",
            "measure_list",
            "update_list",
        )
    )


def finding_action_rows(finding_id: int) -> QuerySet:
    """A finding's actions by due date (the page groups them by focus point itself, from
    the finding's focus points, so no join to focus points is needed)."""
    return (
        Action.objects.filter(finding_id=finding_id)
        .order_by("due_date", "pk")
        .values_list(
            "id",
            "title",
            "is_illustrative",
            "status",
            "rag",
            "due_date",
            "lead_name",
            "focus_point_id",
            "lead_organisation__name",
        )
    )


UPDATES_SHOWN = 20

# A progress update as the finding and action pages print it (`pages.update_rows`).
UPDATE_FIELDS = (
    "id",
    "date",
    "rag",
    "narrative",
    "author_name",
    "action_id",
    "action__title",
    "author__first_name",
    "author__last_name",
    "author__username",
)


def finding_update_rows(
    finding_id: int, before_date: dt.date | None, before_id: int | None
) -> QuerySet:
    """A finding's progress updates, newest first: the first UPDATES_SHOWN + 1 (the
    extra says that older ones exist), or those older than (`before_date`, `before_id`)."""
    updates = ProgressUpdate.objects.filter(action__finding_id=finding_id)
    if before_date is not None and before_id is not None:
        updates = updates.filter(Q(date__lt=before_date) | Q(date=before_date, pk__lt=before_id))
    # The page's ids first, on narrow columns; then only those rows with their authors.
    page = updates.order_by("-date", "-pk").values("pk")[: UPDATES_SHOWN + 1]
    return (
        ProgressUpdate.objects.filter(pk__in=page)
        .order_by("-date", "-pk")
        .values_list(*UPDATE_FIELDS)
    )


# The action list.


@prepared
def partnership_finding_rows(partnership_id: int) -> QuerySet:
    """The findings a filter offers, as the dashboard orders them."""
    return (
        Finding.objects.filter(inspection__partnership_id=partnership_id)
        .priority_first()
        .values_list("id", "kind", "number", "statement")
    )


@prepared
def organisation_rows(partnership_id: int) -> QuerySet:
    return (
        Organisation.objects.filter(partnership_id=partnership_id)
        .order_by("kind", "name", "pk")
        .values_list("id", "name", "short_name")
    )


@prepared(shape=("latest_first",))
def action_list_rows(
    partnership_id: int,
    finding_id: int | None,
    lead_id: int | None,
    status: str | None,
    rag: str | None,
    overdue_on: dt.date | None,
    latest_first: bool,
) -> QuerySet:
    """The partnership's actions matching the filters given, by due date."""
    actions = Action.objects.filter(plan__partnership_id=partnership_id)
    if finding_id is not None:
        actions = actions.filter(finding_id=finding_id)
    if lead_id is not None:
        actions = actions.filter(lead_organisation_id=lead_id)
    if status is not None:
        actions = actions.filter(status=status)
    if rag is not None:
        actions = actions.filter(rag=rag)
    if overdue_on is not None:
        actions = actions.exclude(status="complete").filter(due_date__lt=overdue_on)
    order = ("-due_date", "pk") if latest_first else ("due_date", "pk")
    return actions.order_by(*order).values_list(
        "id",
        "title",
        "is_illustrative",
        "finding_id",
        "status",
        "rag",
        "due_date",
        "focus_point__order",
        "lead_organisation__name",
        "lead_organisation__short_name",
    )


# The action page.

ACTION_FIELDS = tuple(
    field.attname for field in Action._meta.concrete_fields
)  # the action itself, whole: its forms edit it


@prepared
def action_row(partnership_id: int, action_id: int) -> QuerySet:
    """One action of the partnership (0 or 1 row), whole, with what its page names."""
    return Action.objects.filter(pk=action_id, plan__partnership_id=partnership_id).values_list(
        *ACTION_FIELDS,
        "plan__title",
        "finding__kind",
        "finding__number",
        "finding__inspection_id",
        "finding__inspection__kind",
        "finding__inspection__start_date",
        "focus_point__order",
        "focus_point__text",
        "lead_organisation__name",
        "lead_organisation__short_name",
    )


@prepared
def action_update_rows(action_id: int) -> QuerySet:
    """An action's progress updates, newest first, with their authors' names."""
    return (
        ProgressUpdate.objects.filter(action_id=action_id)
        .order_by("-date", "-pk")
        .values_list(*UPDATE_FIELDS)
    )
