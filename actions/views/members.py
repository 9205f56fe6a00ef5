"""Removing a member, which first asks who takes over the open actions they own.

The members page itself belongs to the inspection record (`inspections.member_views`);
removal lives here because it changes actions too, and the record never imports them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actions import ownership
from actions.forms import MemberRemoveForm
from actions.models import Action
from inspections.member_services import MemberChangeRefused
from inspections.models import Membership
from inspections.tenancy import PartnershipRequest, admin_required, partnership_view


@partnership_view
@admin_required
def member_remove(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Ask "Remove X from the partnership?" (and, if X owns open actions, who takes them
    over); on POST, hand the actions over and remove the membership."""
    partnership = request.partnership
    membership = get_object_or_404(
        Membership.objects.for_partnership(partnership).select_related("user"), pk=pk
    )
    name = membership.user.get_full_name() or membership.user.get_username()
    if membership.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself: ask another partnership admin.")
        return redirect("inspections:members", slug=partnership.slug)
    if membership.would_leave_no_admin(None):
        messages.error(request, "The partnership must keep at least one partnership admin.")
        return redirect("inspections:members", slug=partnership.slug)
    open_actions = (
        Action.objects.for_partnership(partnership).owned_by(membership.user_id).open().count()
    )
    successors = list(
        Membership.objects.for_partnership(partnership)
        .who_may_own_actions()
        .exclude(pk=membership.pk)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    form = MemberRemoveForm(
        request.POST if request.method == "POST" else None,
        successors=successors,
        open_actions=open_actions,
        name=name,
    )
    if form.is_bound and form.is_valid():
        successor = form.chosen_successor()
        try:
            handed = ownership.member_remove(
                membership=membership, successor=successor, by=request.user
            )
        except MemberChangeRefused as refused:
            messages.error(request, str(refused))
            return redirect("inspections:members", slug=partnership.slug)
        except Membership.DoesNotExist:
            messages.error(request, f"{name} has been removed already.")
            return redirect("inspections:members", slug=partnership.slug)
        message = f"{name} removed from {partnership.name}."
        if handed:
            many = "s" if handed != 1 else ""
            taker = (successor.get_full_name() or successor.get_username()) if successor else ""
            message += (
                f" {taker} now owns their {handed} open action{many}."
                if successor
                else f" Their {handed} open action{many} now have no owner."
            )
        messages.success(request, message)
        return redirect("inspections:members", slug=partnership.slug)
    return render(
        request,
        "actions/member_remove.html",
        {"member": membership, "name": name, "open_actions": open_actions, "form": form},
    )
