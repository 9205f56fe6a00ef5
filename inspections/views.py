"""Partnership home and inspection pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from inspections.models import Deadline, Finding, Inspection, Membership
from inspections.tenancy import PartnershipRequest, partnership_view


def home(request: HttpRequest) -> HttpResponse:
    """Send a member of one partnership straight to it; otherwise let them choose."""
    memberships = list(
        Membership.objects.filter(user_id=request.user.pk)
        .select_related("partnership")
        .order_by("partnership__name")
    )
    if len(memberships) == 1:
        return redirect("inspections:partnership", slug=memberships[0].partnership.slug)
    return render(request, "inspections/choose_partnership.html", {"memberships": memberships})


@partnership_view
def partnership_home(request: PartnershipRequest) -> HttpResponse:
    """Inspections on one timeline, findings with their latest judgement, and deadlines."""
    today = timezone.localdate()
    partnership = request.partnership
    inspections = Inspection.objects.for_partnership(partnership).timeline()
    findings = Finding.objects.for_partnership(partnership).priority_first().with_judgements()
    deadlines = Deadline.objects.for_partnership(partnership).for_listing(today)
    return render(
        request,
        "inspections/partnership_home.html",
        {
            "inspections": inspections,
            "findings": findings,
            "deadlines": deadlines,
            "today": today,
        },
    )


@partnership_view
def inspection_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Everything recorded about one inspection."""
    today = timezone.localdate()
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership).with_everything(), pk=pk
    )
    findings = Finding.objects.filter(inspection=inspection).priority_first().with_judgements()
    deadlines = Deadline.objects.filter(inspection=inspection).for_listing(today)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": findings,
            "judgements_made": inspection.judgements.all(),
            "deadlines": deadlines,
            "today": today,
        },
    )
