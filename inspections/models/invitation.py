"""Invitations to join a partnership, sent to an email address.

A partnership admin never looks up accounts: they invite an address, and whoever holds the
link accepts it, with a new account (username: the address) or by signing in to the
account that already has that address. Only a hash of the link's token is stored, so the
table alone cannot be used to accept anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models.partnership import Membership, Partnership, PartnershipScopedQuerySet
from send_tracker.withdrawal import max_length_check

OPEN = Q(accepted_at__isnull=True, cancelled_at__isnull=True)


def new_token() -> str:
    """A random token for the link (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256, in hex. A token has 256 bits of entropy, so a
    plain hash (no salt, no stretching) cannot be reversed."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(PartnershipScopedQuerySet["Invitation"]):
    def pending(self) -> Self:
        """Neither accepted nor cancelled (an expired one is still pending: it can be sent
        again)."""
        return self.filter(OPEN)

    def by_token(self, token: str) -> Self:
        """The invitation this link's token opens (0 or 1 row), if it can still be accepted."""
        return self.pending().filter(token_hash=token_hash(token), expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join `partnership` in `role`, sent to `email`."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(help_text="Stored in lower case.")
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When last sent.")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["partnership", "email"]
        constraints = [
            max_length_check("invitation_email", "email", 254),
            max_length_check("invitation_full_name", "full_name", 150),
            max_length_check("invitation_token_hash", "token_hash", 64),
            models.UniqueConstraint(
                fields=["partnership", "email"],
                condition=OPEN,
                name="invitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["board", "officer", "leader", "admin", "forum"]),
                name="invitation_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="invitation_accepted_or_cancelled_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.get_role_display()}, {self.partnership.name})"

    @property
    def sent_on(self) -> dt.date:
        return timezone.localdate(self.created_at)

    @property
    def expires_on(self) -> dt.date:
        """The day the link stops working, in the installation's time zone."""
        return timezone.localdate(self.expires_at)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
