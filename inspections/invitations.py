"""Inviting someone to a partnership by email address, and accepting the invitation.

The admin's side never reads other accounts: sending is the same whether or not the address
belongs to an account anywhere in the installation. Only the holder of the link learns
that, for their own address, when they open it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from inspections.models import Invitation, Membership, Partnership
from inspections.models.invitation import new_token, token_hash
from send_tracker.presentation import format_date

logger = logging.getLogger(__name__)

# How long a link works: long enough for a holiday, short enough that a forgotten email in
# an inbox stops being a key.
INVITATION_LIFETIME = dt.timedelta(days=14)


class Sent(NamedTuple):
    invitation: Invitation
    emailed: bool  # False: the mail service refused it (logged); the invitation is kept


class InvitationUsed(Exception):
    """The invitation was accepted, cancelled or expired meanwhile."""


def accounts_with_address(email: str) -> QuerySet[User]:
    """The accounts that an invitation to `email` belongs to: those with that address, or
    with it as their username (as an accepted invitation makes them)."""
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def is_member_already(*, partnership: Partnership, email: str) -> bool:
    """Whether `email` belongs to a member of this partnership (whom the admin already sees
    on the members page, so saying so reveals nothing)."""
    return (
        Membership.objects.for_partnership(partnership)
        .filter(user__in=accounts_with_address(email))
        .exists()
    )


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("inspections:invitation-accept", kwargs={"token": token})


def invitation_send(
    *,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: str,
    by: AbstractBaseUser,
) -> Sent:
    """Invite `email` to join in `role`, and email them a new link. An open invitation to
    the same address is renewed (new link, new expiry, the details given now)."""
    token = new_token()
    now = timezone.now()
    details = {
        "full_name": full_name,
        "role": role,
        "token_hash": token_hash(token),
        "invited_by": by,
        "created_at": now,
        "expires_at": now + INVITATION_LIFETIME,
    }
    with transaction.atomic():
        invitation = (
            Invitation.objects.for_partnership(partnership)
            .pending()
            .select_for_update()
            .filter(email=email)
            .first()
        )
        if invitation is None:
            invitation = Invitation.objects.create(partnership=partnership, email=email, **details)
        else:
            for name, value in details.items():
                setattr(invitation, name, value)
            invitation.save()
        Partnership.objects.filter(pk=partnership.pk).mark_changed()
    return Sent(invitation, emailed=_send(invitation, token))


def invitation_resend(*, invitation: Invitation, by: AbstractBaseUser) -> Sent:
    """Send the invitation again with a new link and a new expiry: the old link stops
    working."""
    return invitation_send(
        partnership=invitation.partnership,
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        by=by,
    )


def invitation_cancel(*, invitation: Invitation) -> None:
    """Cancel an open invitation: its link stops working (the row stays, with its history)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().pending().filter(pk=invitation.pk).first()
        if locked is not None:  # saved, not updated, so its history records who and when
            locked.cancelled_at = timezone.now()
            locked.save(update_fields=["cancelled_at"])
        Partnership.objects.filter(pk=invitation.partnership_id).mark_changed()


def invitation_accept(*, token: str, user: AbstractBaseUser) -> Membership:
    """Make `user` a member in the invited role (InvitationUsed if the link no longer
    works). The invitation is locked while it is checked and marked accepted, so two
    requests with one link make one membership. Someone already a member keeps their role."""
    with transaction.atomic():
        invitation = _lock(token)
        return _accept(invitation, user)


def invitation_accept_with_new_account(*, token: str, password: str) -> Membership:
    """Make an account for the invited address (username and email: the address; name: the
    one the admin gave; `password`, already validated) and accept the invitation with it."""
    with transaction.atomic():
        invitation = _lock(token)
        if accounts_with_address(invitation.email).exists():
            # Made meanwhile (another tab): that account must sign in to accept.
            raise InvitationUsed
        first, _, last = invitation.full_name.rpartition(" ")
        user = get_user_model().objects.create_user(
            username=invitation.email,
            email=invitation.email,
            password=password,
            first_name=first or last,
            last_name=last if first else "",
        )
        return _accept(invitation, user)


def _lock(token: str) -> Invitation:
    invitation = (
        Invitation.objects.by_token(token).select_for_update().select_related("partnership").first()
    )
    if invitation is None:
        raise InvitationUsed
    return invitation


def _accept(invitation: Invitation, user: AbstractBaseUser) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user_id=user.pk, partnership=invitation.partnership, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by_id = user.pk
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    Partnership.objects.filter(pk=invitation.partnership_id).mark_changed()
    return membership


def _send(invitation: Invitation, token: str) -> bool:
    """Email the link (the same message whoever the address belongs to); False if the mail
    service refused it. The invitation is kept either way: "Send again" tries once more."""
    inviter = invitation.invited_by
    who = (inviter.get_full_name() or inviter.get_username()) if inviter else "A partnership admin"
    partnership = invitation.partnership
    body = (
        f"Dear {invitation.full_name},\n\n"
        f"{who} has invited you to join {partnership} on SEND Tracker "
        f"as {invitation.get_role_display()}.\n\n"
        f"To accept, open this link:\n{invitation_link(token)}\n\n"
        f"The link works until {format_date(invitation.expires_on)}, "
        "once. If you have a SEND Tracker account with this email address you will be asked "
        "to sign in to it; otherwise you will choose a password for a new account.\n\n"
        "If you did not expect this invitation, you can ignore this email.\n"
    )
    try:
        send_mail(
            f"Invitation to join {partnership} on SEND Tracker",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )
    except Exception:  # SMTP or Notify: any failure of the mail service, logged in full
        logger.exception("Could not send invitation %s", invitation.pk)
        return False
    return True
