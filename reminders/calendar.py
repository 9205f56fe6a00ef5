"""A person's calendar feed (RFC 5545, built with `icalendar`): their partnerships'
deadlines, the inspectorate's expected visits and the due dates of the open actions they
own, each an all-day event linking back to its page. 3 queries after the token's.

Only partnerships the person is a member of now are read, so a feed never holds another
partnership's items, and leaving a partnership takes its items out at the next refresh.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from icalendar import Calendar, Event

from actions.models import Action
from inspections.models import Deadline, Membership
from reminders.emails import link
from send_tracker.presentation import month_year

PRODID = "-//SEND Tracker//Calendar feed//EN"
REFRESH = dt.timedelta(hours=12)  # how often a calendar app is asked to look again


def _event(*, uid: str, day: dt.date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", f"{description}\n\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a date to know, not time taken
    return event


def _deadline_event(deadline: Deadline, partnership_name: str, slug: str) -> Event:
    assert deadline.due_date is not None  # only dated deadlines are read
    url = f"{link('inspections:deadlines', slug=slug)}#deadline-row-{deadline.pk}"
    if deadline.is_expected_event:
        summary = f"Expected (approximate): {deadline.title}"
        about = (
            f"{partnership_name}: the inspectorate's visit is expected around "
            f"{month_year(deadline.due_date)}; the date is approximate."
        )
    else:
        done = {Deadline.Status.MET: " (met)", Deadline.Status.MISSED: " (missed)"}
        summary = f"Deadline: {deadline.title}{done.get(deadline.status, '')}"  # type: ignore[call-overload]
        about = f"{partnership_name}: deadline, {deadline.get_source_display()}."
    return _event(
        uid=f"deadline-{deadline.pk}",
        day=deadline.due_date,
        summary=summary,
        description=about,
        url=url,
    )


def _action_event(action: Action) -> Event:
    partnership = action.plan.partnership
    return _event(
        uid=f"action-{action.pk}",
        day=action.due_date,
        summary=f"Action due: {action.title}"
        + (" (illustrative)" if action.is_illustrative else ""),
        description=(
            f"{partnership.name}, {action.finding.short_code}: an action you own, "
            f"{action.get_status_display().lower()}."
        ),
        url=link("actions:action", slug=partnership.slug, pk=action.pk),
    )


def feed_for(user: AbstractBaseUser) -> Calendar:
    """The person's calendar as it stands now."""
    memberships = list(
        Membership.objects.filter(user_id=user.pk).select_related("partnership").order_by("pk")
    )
    names = {m.partnership_id: (m.partnership.name, m.partnership.slug) for m in memberships}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "SEND Tracker")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    deadlines = (
        Deadline.objects.filter(partnership_id__in=list(names), due_date__isnull=False)
        .exclude(status=Deadline.Status.SUPERSEDED)
        .order_by("due_date", "pk")
    )
    for deadline in deadlines:
        calendar.add_component(_deadline_event(deadline, *names[deadline.partnership_id]))
    actions = (
        Action.objects.owned_by(user.pk)
        .open()
        .filter(plan__partnership_id__in=list(names))
        .select_related("plan__partnership", "finding")
        .order_by("due_date", "pk")
    )
    for action in actions:
        calendar.add_component(_action_event(action))
    return calendar
