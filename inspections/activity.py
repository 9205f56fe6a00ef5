"""The partnership's activity log, read from every domain model's history table.

One page of the whole history, newest first, in a fixed number of queries whatever its
length: the page's rows are chosen by one UNION ALL over the history tables (date, id and
kind only), counted by another, then each kind on the page is read in one query with what
its sentence names (the action a progress update is on, the person a membership is of).
Each entry names the thing changed in the partnership's terms ("Progress update of
3 December 2026 on action 'Publish the local offer'", "Membership of Jane Smith (Board
member) removed") and formats values as the pages do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.apps import apps
from django.db.models import CharField, QuerySet, Value
from django.urls import reverse

from inspections.models import Partnership
from send_tracker.presentation import format_date, measure_value

ACTIVITY_PAGE_SIZE = 50
# A withdrawal saves the record with withdrawn_at set to the moment of saving: a version
# whose withdrawn_at is this close to when it was saved is the withdrawal itself.
WITHDRAWAL_WINDOW = dt.timedelta(minutes=1)
VERBS = {"+": "added", "~": "changed", "-": "removed"}


def _q(text: object) -> str:
    """A title in quotation marks, shortened the way tables shorten it."""
    words = str(text)
    return f"‘{words[:117] + '…' if len(words) > 120 else words}’"


def _person(user: Any) -> str:
    if user is None:
        return "a removed account"
    return user.get_full_name() or user.get_username()


def _finding(finding: Any) -> str:
    """'area for priority action 1 of the full inspection, November 2023'."""
    if finding is None:
        return "a removed finding"
    text = f"{finding.get_kind_display().lower()} {finding.number}"
    inspection = getattr(finding, "inspection", None)
    return f"{text} of the {_inspection(inspection)}" if inspection else text


def _inspection(inspection: Any) -> str:
    return inspection.short_title[:1].lower() + inspection.short_title[1:]


def _related(row: Any, name: str) -> Any:
    """A related record read with the row (None if it has since been deleted)."""
    return getattr(row, name, None)


@dataclass(frozen=True)
class Kind:
    """One audited model: where its partnership is, what its sentences read, and what to
    read with it (`related`, for select_related) to write them."""

    label: str
    plural: str
    partnership_path: str
    related: tuple[str, ...]
    describe: Callable[[Any], str]


KINDS: tuple[Kind, ...] = (
    Kind(
        "inspections.Inspection",
        "Inspections",
        "partnership",
        (),
        lambda r: f"Record of the {_inspection(r.instance)}",
    ),
    Kind(
        "inspections.InspectionTeamMember",
        "Inspection teams",
        "inspection__partnership",
        ("inspection",),
        lambda r: (
            f"Inspector {r.name} ({r.role}) on the team of the "
            + (_inspection(r.inspection) if r.inspection else "a removed inspection")
        ),
    ),
    Kind(
        "inspections.Addressee",
        "Letter addressees",
        "inspection__partnership",
        ("inspection",),
        lambda r: (
            f"Addressee {r.name} ({r.role}, {r.organisation}) of the "
            + (_inspection(r.inspection) if r.inspection else "a removed inspection")
        ),
    ),
    Kind(
        "inspections.Finding",
        "Findings",
        "inspection__partnership",
        ("inspection",),
        lambda r: _finding(r)[:1].upper() + _finding(r)[1:],
    ),
    Kind(
        "inspections.FocusPoint",
        "Focus points",
        "finding__inspection__partnership",
        ("finding__inspection",),
        lambda r: f"Focus point {r.order} of {_finding(_related(r, 'finding'))}",
    ),
    Kind(
        "inspections.Judgement",
        "Judgements",
        "finding__inspection__partnership",
        ("finding__inspection",),
        lambda r: f"Judgement ‘{r.get_outcome_display()}’ on {_finding(_related(r, 'finding'))}",
    ),
    Kind(
        "inspections.Organisation",
        "Organisations",
        "partnership",
        (),
        lambda r: f"Organisation {_q(r.name)}",
    ),
    Kind(
        "inspections.Membership",
        "Members",
        "partnership",
        ("user",),
        lambda r: f"Membership of {_person(_related(r, 'user'))} ({r.get_role_display()})",
    ),
    Kind(
        "inspections.Invitation",
        "Invitations",
        "partnership",
        (),
        lambda r: f"Invitation of {r.full_name} ({r.get_role_display()})",
    ),
    Kind(
        "inspections.Intervention",
        "Interventions",
        "partnership",
        (),
        lambda r: f"{r.get_kind_display()} {_q(r.title)} ({format_date(r.date)})",
    ),
    Kind(
        "inspections.Deadline",
        "Deadlines",
        "partnership",
        (),
        lambda r: f"Deadline {_q(r.title)}",
    ),
    Kind("actions.Plan", "Plans", "partnership", (), lambda r: f"Plan {_q(r.title)}"),
    Kind(
        "actions.Action",
        "Actions",
        "plan__partnership",
        (),
        lambda r: f"Action {_q(r.title)}",
    ),
    Kind(
        "actions.ProgressUpdate",
        "Progress updates",
        "action__plan__partnership",
        ("action",),
        lambda r: (
            f"Progress update of {format_date(r.date)} on action "
            + (_q(r.action.title) if r.action else "(removed)")
        ),
    ),
    Kind(
        "actions.SelfEvaluation",
        "Self-evaluations",
        "finding__inspection__partnership",
        ("finding__inspection",),
        lambda r: (
            f"Self-evaluation ‘{r.get_assessment_display()}’ of {_finding(_related(r, 'finding'))}"
        ),
    ),
    Kind(
        "actions.Measure",
        "Measures",
        "partnership",
        (),
        lambda r: f"Measure {_q(r.name)}",
    ),
    Kind(
        "actions.MeasureValue",
        "Measure values",
        "measure__partnership",
        ("measure",),
        lambda r: (
            f"Value {measure_value(r.value, r.measure.unit)} for {format_date(r.date)} "
            f"of measure {_q(r.measure.name)}"
            if r.measure
            else f"Value for {format_date(r.date)} of a removed measure"
        ),
    ),
    Kind(
        "actions.MeasureMilestone",
        "Measure milestones",
        "measure__partnership",
        ("measure",),
        lambda r: (
            f"Milestone {measure_value(r.value, r.measure.unit)} by {format_date(r.date)} "
            f"of measure {_q(r.measure.name)}"
            if r.measure
            else f"Milestone by {format_date(r.date)} of a removed measure"
        ),
    ),
)
BY_LABEL = {kind.label: kind for kind in KINDS}
TYPE_CHOICES = [(kind.label, kind.plural) for kind in sorted(KINDS, key=lambda k: k.plural)]


@dataclass
class ActivityEntry:
    """One create, change, withdrawal or removal, as a sentence."""

    when: dt.datetime
    who: str
    what: str
    url: str = ""


def _history(label: str) -> Any:
    """The model django-simple-history keeps `label`'s past versions in."""
    return apps.get_model(label).history.model


def _rows(
    kind: Kind,
    partnership: Partnership,
    user_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
) -> QuerySet[Any]:
    rows = _history(kind.label).objects.filter(**{kind.partnership_path: partnership})
    if user_id is not None:
        rows = rows.filter(history_user_id=user_id)
    if start is not None:
        rows = rows.filter(history_date__date__gte=start)
    if end is not None:
        rows = rows.filter(history_date__date__lte=end)
    return rows


class ActivityQuery:
    """The log as a sequence Django's Paginator pages through: `len` is one count, a slice
    one UNION ALL for the page's rows and one query per kind of record on it."""

    def __init__(
        self,
        partnership: Partnership,
        *,
        kinds: Sequence[str] = (),
        user_id: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> None:
        self.partnership = partnership
        chosen = [BY_LABEL[label] for label in kinds if label in BY_LABEL] or list(KINDS)
        self.parts = [
            _rows(kind, partnership, user_id, start, end)
            .annotate(record_kind=Value(kind.label, output_field=CharField()))
            .values("history_date", "history_id", "record_kind")
            .order_by()
            for kind in chosen
        ]
        self._count: int | None = None

    def _union(self) -> QuerySet[Any]:
        first, *others = self.parts
        return first.union(*others, all=True) if others else first

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._union().count()
        return self._count

    def count(self) -> int:
        return len(self)

    @overload
    def __getitem__(self, index: int) -> ActivityEntry: ...
    @overload
    def __getitem__(self, index: slice) -> list[ActivityEntry]: ...
    def __getitem__(self, index: int | slice) -> ActivityEntry | list[ActivityEntry]:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        union = self._union().order_by("-history_date", "-history_id", "record_kind")
        return self._entries(list(union[index]))

    def __iter__(self) -> Iterator[ActivityEntry]:
        return iter(self[0 : len(self)])

    def _entries(self, keys: list[dict[str, Any]]) -> list[ActivityEntry]:
        ids: dict[str, list[int]] = {}
        for key in keys:
            ids.setdefault(key["record_kind"], []).append(key["history_id"])
        rows: dict[tuple[str, int], Any] = {}
        for label, history_ids in ids.items():
            kind = BY_LABEL[label]
            for row in (
                _history(label)
                .objects.filter(history_id__in=history_ids)
                .select_related("history_user", *kind.related)
            ):
                rows[(label, row.history_id)] = row
        return [
            self._entry(BY_LABEL[k["record_kind"]], rows[(k["record_kind"], k["history_id"])])
            for k in keys
        ]

    def _entry(self, kind: Kind, row: Any) -> ActivityEntry:
        verb = VERBS[row.history_type]
        withdrawn_at = getattr(row, "withdrawn_at", None)
        if (
            row.history_type == "~"
            and withdrawn_at is not None
            and abs(row.history_date - withdrawn_at) <= WITHDRAWAL_WINDOW
        ):
            verb = "withdrawn"
        return ActivityEntry(
            when=row.history_date,
            who=(
                _person(row.history_user)
                if row.history_user_id
                else "System (data load or command line)"
            ),
            what=f"{kind.describe(row)} {verb}",
            url=self._url(kind.label, row),
        )

    def _url(self, label: str, row: Any) -> str:
        """The History page that shows this change field by field, where there is one."""
        slug = self.partnership.slug
        pages = {
            "actions.Action": ("actions:action-history", "id"),
            "actions.ProgressUpdate": ("actions:action-history", "action_id"),
            "inspections.Finding": ("actions:finding-history", "id"),
            "inspections.Deadline": ("inspections:deadline-history", "id"),
        }
        if label not in pages or row.history_type == "-":
            return ""
        name, attribute = pages[label]
        return reverse(name, kwargs={"slug": slug, "pk": getattr(row, attribute)})
