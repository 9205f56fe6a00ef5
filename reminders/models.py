"""What each person wants to be told, their calendar address, and every email sent.

A sending is recorded under its unique key (person, action, kind, period) before the email
goes: two runs at once, or one run twice, find the key taken and send nothing again.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac

from inspections.models import Membership, Partnership
from inspections.models.invitation import token_hash
from send_tracker.withdrawal import max_length_check

MAX_PERIOD = 20
MAX_ERROR = 300
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32), and an HMAC-SHA256 in URL-safe base64
HASH_LENGTH = 64  # SHA-256 in hex
FEED_SALT = "reminders.CalendarFeed"


class ReminderPreference(models.Model):
    """One member's choices for one partnership. A member without a row has the defaults:
    reminders on; the weekly digest for leaders, officers and admins, none for board
    members. Removing the member removes the row (and `Membership` decides who is sent
    anything at all)."""

    class Digest(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        NEVER = "never", "Never"

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    reminders = models.BooleanField(
        default=True, help_text="Email me about the actions I own that are due, overdue or quiet."
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.WEEKLY)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(digest__in=["weekly", "never"]), name="reminder_digest_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Reminders of {self.membership}"


# Who gets the weekly digest when they have not chosen: those who run the plan.
DIGEST_BY_DEFAULT = (Membership.Role.LEADER, Membership.Role.OFFICER, Membership.Role.ADMIN)


def new_feed_secret() -> str:
    return secrets.token_urlsafe(32)


def feed_token(secret: str) -> str:
    """The token in the calendar address: an HMAC of the stored secret under SECRET_KEY
    (43 URL-safe characters), so the database alone does not give anyone the address."""
    digest = salted_hmac(FEED_SALT, secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def by_token(self, token: str) -> CalendarFeedQuerySet:
        """The feed whose address holds `token` (0 or 1 row): found by the token's SHA-256."""
        return self.filter(token_hash=token_hash(token))


class CalendarFeed(models.Model):
    """A person's secret calendar address. Resetting it draws a new secret: the old address
    answers 404 from then on. Stored: the secret (from which, with SECRET_KEY, the page
    shows the address again) and the token's SHA-256 (to find the feed by its address)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=TOKEN_LENGTH, default=new_feed_secret)
    token_hash = models.CharField(max_length=HASH_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        constraints = [
            max_length_check("calendar_feed_secret", "secret", TOKEN_LENGTH),
            max_length_check("calendar_feed_token_hash", "token_hash", HASH_LENGTH),
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.user}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.token_hash = token_hash(self.token)
        super().save(*args, **kwargs)

    @property
    def token(self) -> str:
        return feed_token(self.secret)


class Sending(models.Model):
    """One thing one person is told once: recorded (pending) before the email goes, then
    sent, failed (the next run tries again) or cancelled (it no longer applied when tried).

    The key: an owner's reminder is (person, action, kind, period); a digest is (person,
    partnership, kind, period). The period says when the same thing may be told again:
    the due date ("due soon", once per action and due date), the ISO week ("overdue", once a
    week; the digest), or the day a quiet spell began ("no recent update", once a spell).
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        QUIET = "quiet", "No recent update"
        DIGEST = "digest", "Weekly digest"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.CharField(max_length=MAX_PERIOD)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    run = models.UUIDField(db_index=True, help_text="The run that claimed it last.")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=MAX_ERROR, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "action", "kind", "period"],
                condition=Q(action__isnull=False),
                name="sending_once_per_action_kind_period",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "kind", "period"],
                condition=Q(action__isnull=True),
                name="sending_once_per_partnership_kind_period",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["due_soon", "overdue", "quiet", "digest"]),
                name="sending_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed", "cancelled"]),
                name="sending_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="digest", action__isnull=True)
                | (~Q(kind="digest") & Q(action__isnull=False)),
                name="sending_action_unless_digest",
            ),
            max_length_check("sending_period", "period", MAX_PERIOD),
            max_length_check("sending_error", "error", MAX_ERROR),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="sending_status_claimed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user_id} ({self.period})"
