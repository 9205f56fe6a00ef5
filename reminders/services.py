"""Sending the reminders, saving preferences and resetting the calendar address.

A run (`reminders_send`) decides every email due (`reminders.due`), records each sending
under its unique key before sending anything, and sends only what it recorded itself or
claimed to retry. Two runs at once, or one run twice, find the keys taken: nothing is sent
twice. A send that failed is claimed again by the next run, but only while it still
applies (the person still a member, reminders still on, the action still open and in the
same period); otherwise it is cancelled, unsent.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from inspections.models import Membership
from reminders.due import Key, OwnerItem, digest_recipients, digests, owner_reminders
from reminders.emails import Email, digest_email, message_for, owner_email
from reminders.models import MAX_ERROR, CalendarFeed, ReminderPreference, Sending, new_feed_secret

logger = logging.getLogger(__name__)

# A pending sending older than this belongs to a run that stopped before sending it.
STALE_AFTER = dt.timedelta(hours=2)
MAX_ATTEMPTS = 5  # then a failing address is left alone (its period ends it anyway)


@dataclass
class RunSummary:
    """What one run did, for the command's output and the task's result."""

    recorded: int = 0  # sendings recorded or claimed again by this run
    cancelled: int = 0  # claimed but no longer applying: not sent
    emails_sent: int = 0
    emails_failed: int = 0
    deciding_seconds: float = 0.0  # deciding, recording and composing every email
    sending_seconds: float = 0.0  # handing them to the mail service, and marking them


def _key(row: Sending) -> Key:
    return Key(row.user_id, row.partnership_id, row.kind, row.action_id, row.period)


def _record(*, run: uuid.UUID, keys: list[Key], now: dt.datetime) -> None:
    """Record every key not recorded before (a key already taken, by an earlier run or one
    running now, is left alone), then claim for this run the sendings that failed or
    whose run stopped. 2 queries."""
    Sending.objects.bulk_create(
        [
            Sending(
                user_id=k.user_id,
                partnership_id=k.partnership_id,
                action_id=k.action_id,
                kind=k.kind,
                period=k.period,
                run=run,
                claimed_at=now,
            )
            for k in keys
        ],
        ignore_conflicts=True,
    )
    # One UPDATE: of two runs claiming at once, the second finds the rows pending and fresh.
    Sending.objects.filter(
        Q(status=Sending.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=Sending.Status.PENDING, claimed_at__lt=now - STALE_AFTER)
    ).update(run=run, status=Sending.Status.PENDING, claimed_at=now)


def _compose(
    claimed: list[Sending],
    owners: Mapping[Key, OwnerItem],
    members: Mapping[Key, Membership],
    today: dt.date,
) -> list[tuple[Email, list[int]]]:
    """The emails for the sendings this run claimed, each with the sendings it carries:
    one per owner (all their reminders), one per member and partnership digest. 4
    queries (the digests' contents), however many emails."""
    by_owner: dict[int, list[tuple[OwnerItem, int]]] = defaultdict(list)
    digest_rows: list[tuple[Membership, int]] = []
    for row in claimed:
        key = _key(row)
        if key in owners:
            by_owner[row.user_id].append((owners[key], row.pk))
        elif key in members:
            digest_rows.append((members[key], row.pk))
    emails = [
        (owner_email(sorted((i for i, _ in rows), key=lambda i: i.key)), [pk for _, pk in rows])
        for rows in by_owner.values()
    ]
    if digest_rows:
        contents = digests(partnership_ids={m.partnership_id for m, _ in digest_rows}, today=today)
        emails += [
            (digest_email(m, contents[m.partnership_id], today), [pk]) for m, pk in digest_rows
        ]
    return emails


def reminders_send(*, today: dt.date | None = None) -> RunSummary:
    """Send every reminder and digest due `today` (default: today) that has not been sent,
    and retry those that failed. Decides and records everything in a fixed number of
    queries; then one UPDATE per email sent."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    now = timezone.now()
    run = uuid.uuid4()
    owners = owner_reminders(today=today)
    members = digest_recipients(today=today)
    _record(run=run, keys=[*owners, *members], now=now)
    claimed = list(Sending.objects.filter(run=run, status=Sending.Status.PENDING))
    gone = [row.pk for row in claimed if _key(row) not in owners and _key(row) not in members]
    if gone:
        Sending.objects.filter(pk__in=gone).update(status=Sending.Status.CANCELLED)
    summary = RunSummary(recorded=len(claimed), cancelled=len(gone))
    emails = _compose(claimed, owners, members, today)
    summary.deciding_seconds = time.perf_counter() - started
    if not emails:
        return summary
    started = time.perf_counter()
    mailer = mailers.default
    try:
        mailer.open()
    except Exception:  # the sends below fail and are recorded as failed, one by one
        logger.exception("Could not connect to the mail service")
    try:
        for email, sending_ids in emails:
            rows = Sending.objects.filter(pk__in=sending_ids, run=run)
            try:
                mailer.send_messages([message_for(email, mailer)])
            except Exception as error:  # SMTP or Notify: logged; the next run tries again
                logger.exception("Could not send a reminder (sendings %s)", sending_ids)
                rows.update(
                    status=Sending.Status.FAILED,
                    attempts=F("attempts") + 1,
                    error=f"{type(error).__name__}: {error}"[:MAX_ERROR],
                )
                summary.emails_failed += 1
                continue
            rows.update(
                status=Sending.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            summary.emails_sent += 1
    finally:
        mailer.close()
    summary.sending_seconds = time.perf_counter() - started
    return summary


@dataclass(frozen=True)
class Choice:
    reminders: bool
    digest: str


def reminder_preferences_save(*, user: AbstractBaseUser, choices: Mapping[int, Choice]) -> int:
    """Save `user`'s choices, by membership id; ids of memberships that are not theirs are
    ignored. Returns how many were saved."""
    saved = 0
    with transaction.atomic():
        for membership in Membership.objects.filter(user_id=user.pk, pk__in=list(choices)):
            choice = choices[membership.pk]
            ReminderPreference.objects.update_or_create(
                membership=membership,
                defaults={"reminders": choice.reminders, "digest": choice.digest},
            )
            saved += 1
    return saved


def calendar_feed_reset(*, user: AbstractBaseUser) -> CalendarFeed:
    """Give `user` a new secret calendar address (the first, or one replacing the old,
    which stops working at once)."""
    feed = CalendarFeed.objects.filter(user_id=user.pk).first() or CalendarFeed(user_id=user.pk)
    feed.secret = new_feed_secret()
    feed.save()
    return feed
