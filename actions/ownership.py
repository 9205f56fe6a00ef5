"""Who owns an action, and what happens to the actions a departing member owns.

Membership belongs to the inspection record (`inspections`), which never imports the
response; removing a member who owns actions touches both, so it is written here. Each
change of owner is saved through `save_if_current`, so it bumps the action's version (an
open form on the action is then refused as stale rather than saved over it) and leaves one
entry in the action's history.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from actions.models import Action
from inspections.member_services import membership_guard
from inspections.models import Membership, Partnership
from send_tracker.audit import save_if_current


def action_assign_owner(*, action: Action, owner: User | None) -> Action:
    """Make `owner` (None: nobody) the action's owner, as of the version `action` was read
    at; StaleEdit if someone saved it since."""
    with transaction.atomic():
        save_if_current(
            Action.objects.all(), action, expected_version=action.version, changes={"owner": owner}
        )
        Partnership.objects.filter(pk=action.plan.partnership_id).mark_changed()
    return action


def member_remove(*, membership: Membership, successor: User | None, by: User) -> int:
    """Hand every action the member owns in this partnership that is not complete, current
    or withdrawn, to `successor` (None: leave them unowned), then remove the membership
    (the account and other memberships stay), all or nothing, as `by`. Returns how many
    current open actions changed owner (the withdrawn ones are not on any page, so the
    person removing the member is not asked about them; restored, they come back with the
    successor as owner, never with someone who is no longer a member).

    Completed actions keep their owner as the record of who did them. Ownership only
    grants rights through a current membership (`actions.permissions`), so a former member
    can do nothing with them; if the person is made a member again, they may again reopen
    the completed actions they own.

    The admin rules are checked with the partnership's admin memberships locked
    (MemberChangeRefused, or DoesNotExist if the member has gone meanwhile), before the
    actions are locked as they are read, so none is saved in between by someone else.
    """
    with transaction.atomic():
        membership_guard(membership=membership, new_role=None, by=by)
        actions = list(
            Action.all_objects.for_partnership(membership.partnership)
            .owned_by(membership.user_id)
            .open()
            .select_related("plan")
            .select_for_update(of=("self",))
        )
        for action in actions:
            # Through every row, withdrawn included, so the version check finds them all.
            save_if_current(
                Action.all_objects.all(),
                action,
                expected_version=action.version,
                changes={"owner": successor},
            )
        membership.delete()
        Partnership.objects.filter(pk=membership.partnership_id).mark_changed()
    return sum(1 for action in actions if not action.is_withdrawn)
