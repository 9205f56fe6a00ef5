"""Pending invitations (admins cancel or send them again) and the link an invitee opens.

The link works without signing in (`login_not_required`): it is the invitee's only way in
when they have no account. Whatever is wrong with a link (unknown, used, cancelled or
expired), it answers with one and the same page, which says nothing about the invitation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from inspections.forms import NewAccountForm
from inspections.invitations import (
    InvitationUsed,
    accounts_with_address,
    invitation_accept,
    invitation_accept_with_new_account,
    invitation_cancel,
    invitation_resend,
)
from inspections.models import Invitation, Membership
from inspections.models.invitation import token_hash
from inspections.tenancy import PartnershipRequest, admin_required, partnership_view

# The account an accepted invitation signs in: the password was just set, so the ordinary
# backend (not django-axes', which needs a sign-in attempt) vouches for it.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _pending(request: PartnershipRequest, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.for_partnership(request.partnership)
        .pending()
        .select_related("partnership", "invited_by"),
        pk=pk,
    )


@partnership_view
@admin_required
@require_POST
def invitation_cancel_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Cancel a pending invitation: its link stops working."""
    invitation = _pending(request, pk)
    invitation_cancel(invitation=invitation)
    messages.success(request, f"Invitation to {invitation.email} cancelled.")
    return redirect("inspections:members", slug=request.partnership.slug)


@partnership_view
@admin_required
@require_POST
def invitation_resend_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Send a pending (perhaps expired) invitation again, with a new link and expiry."""
    invitation = _pending(request, pk)
    sent = invitation_resend(invitation=invitation, by=request.user)
    if sent.emailed:
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    else:
        messages.error(request, f"The email to {invitation.email} could not be sent: try later.")
    return redirect("inspections:members", slug=request.partnership.slug)


def _joined(request: HttpRequest, membership: Membership) -> HttpResponse:
    partnership = membership.partnership
    messages.success(request, f"You have joined {partnership} as {membership.get_role_display()}.")
    return redirect("inspections:partnership", slug=partnership.slug)


def _page(request: HttpRequest, state: str, **context: object) -> HttpResponse:
    context = {"state": state, "invitation": None, "form": None, "sign_in_url": "", **context}
    return render(
        request, "inspections/invitation.html", context, status=404 if state == "unusable" else 200
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: with a new account (choosing a password), or, when an account
    has the invited address, signed in as that account."""
    invitation = Invitation.objects.by_token(token).select_related("partnership").first()
    if invitation is None:
        # The person who accepted it, following the link again, is taken to the partnership.
        accepted = Invitation.objects.filter(
            token_hash=token_hash(token),
            accepted_by_id=request.user.pk or 0,
            partnership__memberships__user_id=request.user.pk or 0,
        ).select_related("partnership")
        if (done := accepted.first()) is not None:
            return redirect("inspections:partnership", slug=done.partnership.slug)
        return _page(request, "unusable")
    accounts = accounts_with_address(invitation.email)
    user = request.user
    if accounts.exists():
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return _page(
                request, "sign_in", invitation=invitation, sign_in_url=f"{reverse('login')}?{query}"
            )
        if not accounts.filter(pk=user.pk).exists():
            return _page(request, "other_account", invitation=invitation)
        if request.method != "POST":
            return _page(request, "join", invitation=invitation)
        try:
            return _joined(request, invitation_accept(token=token, user=user))
        except InvitationUsed:
            return _page(request, "unusable")
    if user.is_authenticated:
        return _page(request, "other_account", invitation=invitation)
    first, _, last = invitation.full_name.rpartition(" ")
    new_user = get_user_model()(
        username=invitation.email, email=invitation.email, first_name=first, last_name=last
    )
    form = NewAccountForm(new_user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            membership = invitation_accept_with_new_account(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except InvitationUsed:
            return _page(request, "unusable")
        login(request, membership.user, backend=SIGN_IN_BACKEND)
        return _joined(request, membership)
    return _page(request, "new_account", invitation=invitation, form=form)
