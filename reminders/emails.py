"""The reminder and digest emails: what they say (only what the recipient could see in the
pages, each item linking to its page at SITE_URL) and how they travel.

Over SMTP (or the console in development) an email has a plain-text part and an accessible
HTML part, both rendered from one `Email`. GOV.UK Notify takes no HTML: the email goes as
the service's one plain-text template, with the subject and the plain text as its
personalisation (`((subject))`, `((body))`): the same plain text as over SMTP, so it reads
the same whether or not Notify formats it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django_gov_notify.backends import NotifyEmailBackend
from django_gov_notify.message import NotifyEmailMessage

from actions.models import Action
from inspections.models import Deadline, Membership
from reminders.due import Digest, OwnerItem
from reminders.models import Sending
from send_tracker.presentation import format_date, month_year

SHOWN = 10  # items a section lists; the rest are counted, with a link to them all


def link(name: str, **kwargs: object) -> str:
    """An absolute address for an email or a calendar: SITE_URL and the page's path."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


@dataclass(frozen=True)
class Line:
    text: str
    url: str


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[Line]
    more: Line | None = None  # "and 12 more", linking to where they all are


@dataclass(frozen=True)
class Email:
    """One email, before it is rendered: to one address, sections of linked lines, and the
    link to change preferences it always ends with."""

    to: str
    greeting: str
    subject: str
    intro: str
    intro_link: Line  # where the whole picture is: My actions, the dashboard
    sections: list[Section]
    preferences_url: str = field(default_factory=lambda: link("reminders:preferences"))


def _name(user: object) -> str:
    full = user.get_full_name()  # type: ignore[attr-defined]
    return full or user.get_username()  # type: ignore[attr-defined]


def _action_line(action: Action, detail: str, *, with_partnership: bool) -> Line:
    where = action.finding.short_code
    if with_partnership:
        where = f"{action.plan.partnership.name}, {where}"
    title = f"{action.title} (illustrative)" if action.is_illustrative else action.title
    return Line(
        f"{title} ({where}): {detail}",
        link("actions:action", slug=action.plan.partnership.slug, pk=action.pk),
    )


def owner_email(items: Sequence[OwnerItem]) -> Email:
    """One owner's reminder: their actions due soon, overdue or quiet, across every
    partnership they belong to (each says which when there is more than one)."""
    owner = items[0].action.owner
    if owner is None:
        raise ValueError("An owner's reminder needs an owner.")
    several = len({item.key.partnership_id for item in items}) > 1
    sections: list[Section] = []
    for kind, heading, detail in (
        (Sending.Kind.OVERDUE, "Overdue", lambda i: f"was due {format_date(i.action.due_date)}"),
        (
            Sending.Kind.DUE_SOON,
            "Due in the next 14 days",
            lambda i: f"due {format_date(i.action.due_date)}",
        ),
        (
            Sending.Kind.QUIET,
            "No progress update for 60 days or more",
            lambda i: f"no update since {format_date(i.quiet_since)}",
        ),
    ):
        lines = [
            _action_line(i.action, detail(i), with_partnership=several)
            for i in items
            if i.key.kind == kind
        ]
        if lines:
            sections.append(Section(heading, lines))
    count = len({item.action.pk for item in items})
    actions = f"{count} action{'s' if count != 1 else ''}"
    verb = "need" if count != 1 else "needs"
    return Email(
        to=owner.email,
        greeting=f"Dear {_name(owner)},",
        subject=f"SEND Tracker: {actions} you own {verb} attention",
        intro=(
            f"You own {actions} on SEND Tracker that {verb} your attention. Open each one "
            "to update its progress, or see them all under My actions."
        ),
        intro_link=Line("My actions", link("actions:my-actions")),
        sections=sections,
    )


def _deadline_line(deadline: Deadline, detail: str, slug: str) -> Line:
    page = link("inspections:deadlines", slug=slug)
    return Line(f"{deadline.title}: {detail}", f"{page}#deadline-row-{deadline.pk}")


def _limited(heading: str, lines: list[Line], more_url: str, what: str) -> Section:
    more = None
    if len(lines) > SHOWN:
        more = Line(f"and {len(lines) - SHOWN} more {what}", more_url)
    return Section(heading, lines[:SHOWN], more)


def digest_email(member: Membership, digest: Digest, today: dt.date) -> Email:
    """A member's weekly digest of one partnership, as its dashboard shows it."""
    partnership = digest.partnership
    slug = partnership.slug
    actions_url = link("actions:list", slug=slug)
    sections = [
        Section(
            "Deadlines overdue",
            [
                _deadline_line(d, f"was due {format_date(d.due_date)}", slug)
                for d in digest.overdue_deadlines
            ],
        ),
        Section(
            "Deadlines due in the next 60 days",
            [
                _deadline_line(d, f"due {format_date(d.due_date)}", slug)
                for d in digest.upcoming_deadlines
            ],
        ),
        _limited(
            "Actions that turned red this week",
            [
                _action_line(a, f"due {format_date(a.due_date)}", with_partnership=False)
                for a in digest.turned_red
            ],
            f"{actions_url}?rag=red",
            "rated red",
        ),
        _limited(
            "Actions with no progress update for 60 days or more",
            [
                _action_line(a, f"owner {a.owner_display or 'none'}", with_partnership=False)
                for a in digest.quiet
            ],
            actions_url,
            "in the list of actions",
        ),
    ]
    event = digest.next_event
    sections.append(
        Section(
            "The inspectorate's next expected visit",
            [
                _deadline_line(
                    event,
                    f"expected around {month_year(event.due_date)} (approximate)",
                    slug,
                )
            ]
            if event
            else [],
        )
    )
    return Email(
        to=member.user.email,
        greeting=f"Dear {_name(member.user)},",
        subject=f"SEND Tracker: {partnership.name} this week",
        intro=(
            f"This is {partnership.name}'s week on SEND Tracker, as of "
            f"{format_date(today)}. The dashboard has the whole picture."
        ),
        intro_link=Line(f"{partnership.name} dashboard", link("actions:dashboard", slug=slug)),
        sections=sections,
    )


def render_text(email: Email) -> str:
    return render_to_string("reminders/email.txt", {"email": email})


def render_html(email: Email) -> str:
    return render_to_string("reminders/email.html", {"email": email})


def message_for(email: Email, mailer: BaseEmailBackend) -> EmailMessage:
    """The message `mailer` sends: for GOV.UK Notify, the plain template with the subject
    and body as personalisation; otherwise plain text with an HTML alternative."""
    text = render_text(email)
    if isinstance(mailer, NotifyEmailBackend):
        return NotifyEmailMessage(
            to=[email.to],
            template_id=str(settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID),
            personalisation={"subject": email.subject, "body": text},
        )
    message = EmailMultiAlternatives(email.subject, text, settings.DEFAULT_FROM_EMAIL, [email.to])
    message.attach_alternative(render_html(email), "text/html")
    return message
