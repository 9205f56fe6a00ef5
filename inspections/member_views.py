"""Partnership admins manage who belongs to the partnership and in which role."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspections.forms import InvitationForm, MemberRoleForm
from inspections.invitations import invitation_send
from inspections.member_services import MemberChangeRefused, membership_change_role
from inspections.models import Invitation, Membership
from inspections.tenancy import PartnershipRequest, admin_required, partnership_view


def _members(request: PartnershipRequest) -> QuerySet[Membership]:
    return (
        Membership.objects.for_partnership(request.partnership)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__username")
    )


def _page(request: PartnershipRequest, invite_form: InvitationForm | None = None) -> HttpResponse:
    return render(
        request,
        "inspections/members.html",
        {
            "members": _members(request),
            "invitations": Invitation.objects.for_partnership(request.partnership)
            .pending()
            .order_by("email"),
            "invite_form": invite_form or InvitationForm(partnership=request.partnership),
            "roles": Membership.Role.choices,
        },
    )


@partnership_view
@admin_required
def member_list(request: PartnershipRequest) -> HttpResponse:
    """Members, their roles, pending invitations, and a form to invite someone."""
    return _page(request)


@partnership_view
@admin_required
@require_POST
def member_invite(request: PartnershipRequest) -> HttpResponse:
    """Invite an email address to join in a role. The reply is the same whether or not the
    address belongs to an account anywhere in the installation."""
    form = InvitationForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _page(request, form)
    data = form.cleaned_data
    sent = invitation_send(
        partnership=request.partnership,
        email=data["email"],
        full_name=data["full_name"],
        role=data["role"],
        by=request.user,
    )
    if sent.emailed:
        messages.success(request, f"Invitation sent to {data['email']}.")
    else:
        messages.error(
            request,
            f"The invitation to {data['email']} is saved, but the email could not be sent. "
            "Try “Send again” later.",
        )
    return redirect("inspections:members", slug=request.partnership.slug)


@partnership_view
@admin_required
@require_POST
def member_change_role(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Change one member's role (never leaving the partnership without an admin, even when
    two admins change each other's roles at once)."""
    membership = get_object_or_404(_members(request), pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role from the list.")
        return redirect("inspections:members", slug=request.partnership.slug)
    try:
        membership_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except MemberChangeRefused as refused:
        messages.error(request, str(refused))
    except Membership.DoesNotExist:
        messages.error(request, "That member has been removed meanwhile.")
    else:
        name = membership.user.get_full_name() or membership.user.get_username()
        messages.success(request, f"{name} is now {membership.get_role_display()}.")
    return redirect("inspections:members", slug=request.partnership.slug)
