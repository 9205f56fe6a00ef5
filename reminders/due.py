"""Who is to be told what today: every reminder and digest due, decided for every
partnership at once in a fixed number of queries (not one per action, person or
partnership).

A reminder or digest is identified by its `Key`, the unique key its sending is recorded
under; what it says is read here too, so composing the emails reads nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.models import Action, Rag
from actions.models.action import ActionQuerySet
from actions.progress import summarise_deadlines
from actions.selectors import UPCOMING_DAYS
from inspections.models import Deadline, Membership, Partnership
from reminders.models import DIGEST_BY_DEFAULT, ReminderPreference, Sending

DUE_SOON_DAYS = 14  # an owner hears of an action this many days before it is due
QUIET_DAYS = 60  # and of one without a progress update for this long
DIGEST_DAYS = 7  # a digest tells what turned red in the week before it


@dataclass(frozen=True, order=True)
class Key:
    """The unique key a sending is recorded under (see `Sending`)."""

    user_id: int
    partnership_id: int
    kind: str
    action_id: int | None
    period: str


def week_of(day: dt.date) -> str:
    """The ISO week, "2026-W05": the period of weekly reminders and digests."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def with_quiet_spell(actions: ActionQuerySet) -> ActionQuerySet:
    """Annotate `last_update` (the newest progress update's date) and `added_at` (when the
    action's first history row was written), what `quiet_since` needs."""
    history = Action.history.model.objects.filter(id=OuterRef("pk"), history_type="+")
    return actions.annotate(
        last_update=Max("updates__date"),
        added_at=Subquery(history.order_by("history_date").values("history_date")[:1]),
    )


def quiet_since(action: Action, today: dt.date) -> dt.date | None:
    """The day the action's current quiet spell began, if it has gone `QUIET_DAYS` or more
    without a progress update: its newest update, or the day it was added, or its start
    date if that is later (an action not yet started is not late with news)."""
    added = getattr(action, "added_at", None)
    began = getattr(action, "last_update", None) or (added and timezone.localdate(added))
    if action.start_date and (began is None or action.start_date > began):
        began = action.start_date
    if began is None or began > today - dt.timedelta(days=QUIET_DAYS):
        return None
    return began


@dataclass(frozen=True)
class OwnerItem:
    """One action an owner is reminded of, and why."""

    key: Key
    action: Action  # with plan__partnership, finding and the quiet-spell annotations
    quiet_since: dt.date | None = None


def owner_reminders(*, today: dt.date) -> dict[Key, OwnerItem]:
    """Every owner's reminders due today, in every partnership: open, current actions whose
    owner is still a member of the action's partnership, has an address and has not
    switched reminders off there. Due within `DUE_SOON_DAYS` (once per due date), overdue
    (once an ISO week), quiet for `QUIET_DAYS` (once per spell). 1 query."""
    partnership = OuterRef("plan__partnership")
    still_member = Membership.objects.filter(user=OuterRef("owner"), partnership=partnership)
    switched_off = ReminderPreference.objects.filter(
        membership__user=OuterRef("owner"), membership__partnership=partnership, reminders=False
    )
    quiet_before = today - dt.timedelta(days=QUIET_DAYS)
    actions = (
        with_quiet_spell(
            Action.objects.open()
            .filter(owner__is_active=True)
            .exclude(owner__email="")
            .filter(Exists(still_member))
            .exclude(Exists(switched_off))
        )
        .filter(
            Q(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
            | Q(last_update__isnull=True)
            | Q(last_update__lte=quiet_before)
        )
        .select_related("plan__partnership", "finding", "owner")
        .order_by("due_date", "pk")
    )
    due: dict[Key, OwnerItem] = {}
    for action in actions:
        assert action.owner_id is not None  # the filters above
        owner, partnership_id = action.owner_id, action.plan.partnership_id
        found: list[tuple[str, str, dt.date | None]] = []
        if action.due_date < today:
            found.append((Sending.Kind.OVERDUE, week_of(today), None))
        elif action.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS):
            found.append((Sending.Kind.DUE_SOON, action.due_date.isoformat(), None))
        if (began := quiet_since(action, today)) is not None:
            found.append((Sending.Kind.QUIET, began.isoformat(), began))
        for kind, period, since in found:
            key = Key(owner, partnership_id, kind, action.pk, period)
            due[key] = OwnerItem(key, action, since)
    return due


def digest_recipients(*, today: dt.date) -> dict[Key, Membership]:
    """Every member who gets this week's digest of their partnership: those who chose it
    and leaders, officers and admins who have not chosen, with an address. 1 query."""
    wants = Q(reminder_preference__digest=ReminderPreference.Digest.WEEKLY) | Q(
        reminder_preference__isnull=True, role__in=DIGEST_BY_DEFAULT
    )
    members = (
        Membership.objects.filter(wants, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "partnership")
        .order_by("partnership_id", "user_id")
    )
    period = week_of(today)
    return {Key(m.user_id, m.partnership_id, Sending.Kind.DIGEST, None, period): m for m in members}


@dataclass
class Digest:
    """A partnership's week, as its dashboard and pages show it."""

    partnership: Partnership
    overdue_deadlines: list[Deadline] = field(default_factory=list)
    upcoming_deadlines: list[Deadline] = field(default_factory=list)
    turned_red: list[Action] = field(default_factory=list)
    quiet: list[Action] = field(default_factory=list)
    next_event: Deadline | None = None


def _by_partnership[T](rows: Iterable[T], path: str) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        target: object = row
        for part in path.split("."):
            target = getattr(target, part)
        assert isinstance(target, int)
        grouped[target].append(row)
    return grouped


def turned_red(
    *, partnership_ids: Iterable[int], since: dt.datetime, period: str
) -> QuerySet[Action]:
    """Open actions rated red now that were rated otherwise when the partnership's last
    digest was composed (the run that sent its newest digest of a week before `period`),
    or at `since` if none was sent: their newest history row before then
    (django-simple-history keeps every saved rating). So a digest tells what turned red
    since the one before, with no gap and no repeat, whichever day of the week each went.
    An action added since then has no such row and is not counted as having turned."""
    last_digest = (
        Sending.objects.filter(
            partnership_id=OuterRef("plan__partnership_id"),
            kind=Sending.Kind.DIGEST,
            status=Sending.Status.SENT,
            period__lt=period,
        )
        .order_by("-claimed_at")
        .values("claimed_at")[:1]
    )
    before = (
        Action.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=OuterRef("since"))
        .order_by("-history_date", "-history_id")
        .values("rag")[:1]
    )
    return (
        Action.objects.filter(plan__partnership_id__in=list(partnership_ids), rag=Rag.RED)
        .open()
        .annotate(
            since=Coalesce(
                Subquery(last_digest, output_field=DateTimeField()),
                Value(since, output_field=DateTimeField()),
            )
        )
        .annotate(rag_before=Subquery(before))
        .filter(rag_before__isnull=False)
        .exclude(rag_before=Rag.RED)
        .select_related("finding", "plan__partnership")
        .order_by("due_date", "pk")
    )


def digests(*, partnership_ids: Iterable[int], today: dt.date) -> dict[int, Digest]:
    """What each partnership's digest says: deadlines overdue and due within the
    dashboard's 60 days, actions that turned red since its last digest (in the last week,
    before its first), open actions without a progress update for `QUIET_DAYS`, and the
    next inspectorate visit expected. 4 queries however many partnerships."""
    ids = sorted(set(partnership_ids))
    result = {p.pk: Digest(p) for p in Partnership.objects.filter(pk__in=ids)}
    upcoming = today + dt.timedelta(days=UPCOMING_DAYS)
    deadlines = (
        Deadline.objects.filter(partnership_id__in=ids, status=Deadline.Status.OPEN)
        .filter(Q(due_date__lte=upcoming) | Q(source=Deadline.Source.FRAMEWORK))
        .exclude(due_date__isnull=True)
        .order_by("due_date", "pk")
    )
    for pid, rows in _by_partnership(deadlines, "partnership_id").items():
        summary = summarise_deadlines(
            rows, today=today, upcoming_days=UPCOMING_DAYS, met_since=today
        )
        digest = result[pid]
        digest.overdue_deadlines = summary.overdue
        digest.upcoming_deadlines = summary.upcoming
        # The inspectorate's next visit: the earliest not yet recorded as taken place (its
        # date is approximate, so one whose month has passed is still to come).
        digest.next_event = summary.expected[0] if summary.expected else None
    start = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=DIGEST_DAYS), dt.time.min)
    )
    for pid, actions in _by_partnership(
        turned_red(partnership_ids=ids, since=start, period=week_of(today)),
        "plan.partnership_id",
    ).items():
        result[pid].turned_red = actions
    quiet_before = today - dt.timedelta(days=QUIET_DAYS)
    candidates = (
        with_quiet_spell(Action.objects.filter(plan__partnership_id__in=ids).open())
        .filter(Q(last_update__isnull=True) | Q(last_update__lte=quiet_before))
        .select_related("finding", "plan__partnership", "owner")
        .order_by("due_date", "pk")
    )
    quiet = [a for a in candidates if quiet_since(a, today) is not None]
    for pid, actions in _by_partnership(quiet, "plan.partnership_id").items():
        result[pid].quiet = actions
    return result
