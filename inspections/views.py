"""Partnership home and inspection pages."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inspections import selectors
from inspections.activity import ACTIVITY_PAGE_SIZE, ActivityEntry, ActivityQuery
from inspections.corrections import FINDING_KINDS
from inspections.forms import ActivityFilterForm
from inspections.letters import LetterError, monitoring_letter
from inspections.models import Finding, Inspection, InspectionTeamMember, Membership
from inspections.tenancy import PartnershipRequest, SignedInRequest, partnership_view
from inspections.withdrawn_page import withdrawn_inspection_page
from send_tracker.page_cache import cached_read
from send_tracker.pagination import pagination
from send_tracker.pdf import pdf_response, render_pdf


def home(request: SignedInRequest) -> HttpResponse:
    """Send a member of one partnership straight to it; otherwise let them choose."""
    memberships = list(
        Membership.objects.filter(user=request.user)
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
    inspections = Inspection.objects.for_partnership(partnership).select_related("follows")
    findings = Finding.objects.for_partnership(partnership).priority_first().with_record()
    return render(
        request,
        "inspections/partnership_home.html",
        {
            "inspections": list(inspections.order_by("start_date", "pk")),
            "findings_by_inspection": [
                (inspection, list(group))
                for inspection, group in groupby(findings, key=lambda f: f.inspection)
            ],
            "deadlines": list(selectors.deadlines_get(partnership=partnership)),
            "today": today,
        },
    )


@partnership_view
def inspection_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Everything recorded about one inspection."""

    def read() -> tuple[Inspection, selectors.InspectionPage]:
        inspection = get_object_or_404(
            Inspection.objects.for_partnership(request.partnership)
            .select_related("follows")
            .prefetch_related("team", "addressees", "follow_ups"),
            pk=pk,
        )
        return inspection, selectors.inspection_page_get(
            partnership=request.partnership, inspection=inspection
        )

    try:
        inspection, page = cached_read(request.partnership, read, "inspection", pk)
    except Http404:
        # Not a current inspection: perhaps one withdrawn, whose address says so.
        return withdrawn_inspection_page(request, pk)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "page": page,
            "inspectorates": dict(InspectionTeamMember.Inspectorate.choices),
            "today": timezone.localdate(),
            "makes_findings": inspection.kind in FINDING_KINDS,
        },
    )


@partnership_view
def inspection_letter(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The monitoring letter of a recorded monitoring inspection, as a PDF.

    Rendered once and kept in the shared cache until anything of the partnership's changes
    (`cached_read`), so a download is as quick as a page whatever the letter's length."""
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership),
        pk=pk,
        kind=Inspection.Kind.MONITORING,
    )

    def render() -> tuple[bytes, str]:
        letter = monitoring_letter(inspection)
        return render_pdf("pdf/letter.html", {"letter": letter}), f"{letter.letter_date:%Y-%m-%d}"

    try:
        pdf, letter_date = cached_read(request.partnership, render, "monitoring-letter", pk)
    except LetterError as error:
        raise Http404(str(error)) from error
    return pdf_response(pdf, f"{request.partnership.slug}-monitoring-letter-{letter_date}.pdf")


@partnership_view
@require_GET
def activity_log(request: PartnershipRequest) -> HttpResponse:
    """Who changed what in the partnership, newest first, a page at a time through the whole
    history, filterable by type of record, person and date."""
    form = ActivityFilterForm(request.GET or None, partnership=request.partnership)
    filters = form.cleaned_data if form.is_valid() else {}
    log = ActivityQuery(
        request.partnership,
        kinds=[filters["kind"]] if filters.get("kind") else [],
        user_id=filters["person"].pk if filters.get("person") else None,
        start=filters.get("start"),
        end=filters.get("end"),
    )
    page: Page[ActivityEntry] = Paginator(log, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/activity.html",
        {"form": form, "page": page, "page_links": pagination(request, page)},
    )
