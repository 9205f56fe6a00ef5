"""Which partnership a request is about, and whether the user may see it.

Every partnership page lives under /p/<slug>/. The decorator resolves the slug against the
user's own memberships only, so another partnership's pages answer 404, never 403: their
existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django_htmx.middleware import HtmxDetails

from inspections.models import Membership, Partnership

View = Callable[..., HttpResponseBase]


class SignedInRequest(HttpRequest):
    """A request past the sign-in (LoginRequiredMiddleware), with django-htmx's details."""

    user: User
    htmx: HtmxDetails


class PartnershipRequest(SignedInRequest):
    """A request that `partnership_view` has given a membership and partnership."""

    membership: Membership
    partnership: Partnership


def partnership_view(view: View) -> View:
    """Resolve `slug` to the signed-in user's membership, or 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            membership = Membership.objects.of_user_in(request.user, slug).get()
        except Membership.DoesNotExist:
            raise Http404("No such partnership.") from None
        # From here the request is a PartnershipRequest: it gains the two attributes.
        scoped = cast(PartnershipRequest, request)
        scoped.membership = membership
        scoped.partnership = membership.partnership
        return view(scoped, *args, **kwargs)

    return wrapper


def current_partnership(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the partnership and membership the page is about, if any.

    `member_of_several` (whether to offer "Change partnership") comes with the membership
    itself (`partnership_view` reads both in one query), so templates never query.
    """
    membership = getattr(request, "membership", None)
    return {
        "partnership": getattr(request, "partnership", None),
        "membership": membership,
        "member_of_several": bool(getattr(membership, "member_of_several", False)),
    }


def leader_required(view: View) -> View:
    """Only leaders and partnership admins may change progress; everyone else gets 403.

    Use inside `partnership_view`, which has already resolved the membership.
    """

    @wraps(view)
    def wrapper(request: PartnershipRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.membership.can_update_progress:
            raise PermissionDenied("Only partnership leaders can change progress.")
        return view(request, *args, **kwargs)

    return wrapper


def officer_required(view: View) -> View:
    """Officers, leaders and admins record inspections, findings, deadlines, plans, measures
    and import reports; board members get 403. Use inside `partnership_view`."""

    @wraps(view)
    def wrapper(request: PartnershipRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.membership.can_edit_records:
            raise PermissionDenied("Only officers and leaders can change the record.")
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view: View) -> View:
    """Only partnership admins manage members and roles. Use inside `partnership_view`."""

    @wraps(view)
    def wrapper(request: PartnershipRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.membership.role != Membership.Role.ADMIN:
            raise PermissionDenied("Only partnership admins can manage members.")
        return view(request, *args, **kwargs)

    return wrapper


def forum_required(view: View) -> View:
    """Only the parent carer forum's representative approves or returns what the public
    page for families says; every other role gets 403. Use inside `partnership_view`."""

    @wraps(view)
    def wrapper(request: PartnershipRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.membership.can_approve_for_families:
            raise PermissionDenied(
                "Only the parent carer forum representative approves the families page."
            )
        return view(request, *args, **kwargs)

    return wrapper
