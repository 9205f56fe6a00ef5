"""Who may change an action's progress: leaders and admins on every action, and an action's
owner on the actions they own, whatever their role.

The role decorators in `inspections.tenancy` know nothing of actions (the inspection record
never imports the response), so the one permission that depends on an action lives here,
for every view that changes progress (status and RAG, updates, closing and reopening).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase

from actions.models import Action
from inspections.models import Membership
from inspections.tenancy import PartnershipRequest

View = Callable[..., HttpResponseBase]


def may_update_progress(membership: Membership, action: Action) -> bool:
    """Whether this member may change the action's status and RAG, add updates to it, and
    close or reopen it: leaders and admins always, anyone else if they own it.

    Ownership counts only through a current membership: removing a member hands over the
    actions they own that are not complete (`actions.ownership.member_remove`), while the
    completed ones keep them as owner, for the record. Made a member again, whatever their
    role, that person may again reopen and change the completed actions they own: the
    record says they did them."""
    return membership.can_update_progress or (
        action.owner_id is not None and action.owner_id == membership.user_id
    )


def progress_editor_required(view: View) -> View:
    """Leaders and admins, or the owner of the action `pk` (read through the partnership);
    everyone else gets 403, whether or not the action exists. Use inside
    `partnership_view`."""

    @wraps(view)
    def wrapper(
        request: PartnershipRequest, *args: Any, pk: int, **kwargs: Any
    ) -> HttpResponseBase:
        membership = request.membership
        if not membership.can_update_progress:
            owns = (
                Action.objects.for_partnership(request.partnership)
                .owned_by(membership.user_id)
                .filter(pk=pk)
                .exists()
            )
            if not owns:
                raise PermissionDenied("Only partnership leaders and the action's owner can.")
        return view(request, *args, pk=pk, **kwargs)

    return wrapper
