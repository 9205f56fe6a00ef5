"""Changing who is a partnership admin, without ever leaving a partnership with none.

Two admins demoting (or removing) each other at the same moment must leave one admin: the
check and the change run in one transaction with the partnership's admin memberships
locked (`MembershipQuerySet.lock_admins`), and both memberships are read again under the
lock, so the second request sees the first one's change.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from inspections.models import Membership, Partnership


class MemberChangeRefused(Exception):
    """A change of role or a removal that the rules do not allow; `str()` says why, for
    the admin who asked."""


def membership_guard(*, membership: Membership, new_role: str | None, by: AbstractBaseUser) -> None:
    """Refuse (MemberChangeRefused) giving `membership` `new_role` (None: removing it) if
    `by` is no longer an admin of its partnership, is changing themselves, or the change
    would leave the partnership without an admin.

    Call inside `transaction.atomic()`: it locks the admin memberships until the end of
    the transaction and reads `membership` again (DoesNotExist if it has gone)."""
    Membership.objects.lock_admins(membership.partnership_id)
    if membership.user_id == by.pk:
        raise MemberChangeRefused(
            "You cannot remove yourself: ask another partnership admin."
            if new_role is None
            else "You cannot change your own role: ask another partnership admin."
        )
    still_admin = Membership.objects.filter(
        partnership_id=membership.partnership_id, user_id=by.pk, role=Membership.Role.ADMIN
    ).exists()
    if not still_admin:
        raise MemberChangeRefused("Only partnership admins can manage members.")
    membership.refresh_from_db(fields=["role"])
    if membership.would_leave_no_admin(new_role):
        raise MemberChangeRefused("The partnership must keep at least one partnership admin.")


def membership_change_role(
    *, membership: Membership, role: str, by: AbstractBaseUser
) -> Membership:
    """Give the member `role`, as `by` (MemberChangeRefused if the rules forbid it)."""
    with transaction.atomic():
        membership_guard(membership=membership, new_role=role, by=by)
        membership.role = role
        membership.save(update_fields=["role"])
        # Pages list members (the owner filters): they are read afresh.
        Partnership.objects.filter(pk=membership.partnership_id).mark_changed()
    return membership
