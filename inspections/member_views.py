"""Partnership admins manage who belongs to the partnership and in which role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspections.forms import MemberAddForm, MemberRoleForm
from inspections.models import Membership, Partnership
from inspections.tenancy import PartnershipRequest, admin_required, partnership_view


def _members(request: PartnershipRequest):
    return (
        Membership.objects.filter(partnership=request.partnership)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__username")
    )


def _page(request: PartnershipRequest, add_form: MemberAddForm | None = None, status: int = 200):
    return render(
        request,
        "inspections/members.html",
        {
            "members": _members(request),
            "add_form": add_form or MemberAddForm(),
            "roles": Membership.Role.choices,
        },
        status=status,
    )


@partnership_view
@admin_required
def member_list(request: PartnershipRequest) -> HttpResponse:
    """Members, their roles, and a form to add someone."""
    return _page(request)


@partnership_view
@admin_required
@require_POST
def member_add(request: PartnershipRequest) -> HttpResponse:
    """Add an existing account, or make a new one, with a role in this partnership."""
    form = MemberAddForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _page(request, form, status=200)
    data = form.cleaned_data
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            user = User.objects.create_user(
                username=data["username"],
                password=data["password"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        Membership.objects.create(user=user, partnership=request.partnership, role=data["role"])
        # Pages list members (the owner filters): they are read afresh.
        Partnership.objects.filter(pk=request.partnership.pk).mark_changed()
    messages.success(
        request,
        f"{user.get_full_name() or user.get_username()} added as {Membership.Role(data['role']).label}.",
    )
    return redirect("inspections:members", slug=request.partnership.slug)


@partnership_view
@admin_required
@require_POST
def member_change_role(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Change one member's role (never leaving the partnership without an admin)."""
    membership = get_object_or_404(_members(request), pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role from the list.")
    elif membership.user_id == request.user.pk:
        messages.error(request, "You cannot change your own role: ask another partnership admin.")
    elif membership.would_leave_no_admin(form.cleaned_data["role"]):
        messages.error(request, "The partnership must keep at least one partnership admin.")
    else:
        with transaction.atomic():
            membership.role = form.cleaned_data["role"]
            membership.save()
            Partnership.objects.filter(pk=request.partnership.pk).mark_changed()
        messages.success(
            request,
            f"{membership.user.get_full_name() or membership.user.get_username()} is now {membership.get_role_display()}.",
        )
    return redirect("inspections:members", slug=request.partnership.slug)
