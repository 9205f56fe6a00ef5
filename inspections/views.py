"""Partnership home and inspection pages."""

from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inspections import reads, services
from inspections.activity import activity
from inspections.forms import ActivityFilterForm, DeadlineForm, DeadlineStatusForm
from inspections.letters import LetterError, monitoring_letter, readiness_letter
from inspections.models import Deadline, Finding, Inspection, InspectionTeamMember, Membership
from inspections.pages import inspection_page
from inspections.tenancy import (
    PartnershipRequest,
    leader_required,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit, changes_since, history_page, save_if_current
from send_tracker.pdf import pdf_response, render_pdf


class FindingGroup(NamedTuple):
    """The overview's findings of one inspection."""

    grouper: Inspection
    list: list[Finding]


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
    # Lists, not QuerySets: templates never query (tests/test_no_template_queries.py).
    inspections = list(Inspection.objects.for_partnership(partnership).timeline())
    findings = list(Finding.objects.for_partnership(partnership).priority_first().with_judgements())
    deadlines = reads.deadline_table_rows(
        reads.deadline_rows(partnership_id=partnership.pk, deadline_id=None), today
    )
    return render(
        request,
        "inspections/partnership_home.html",
        {
            "inspections": inspections,
            "findings_by_inspection": [
                FindingGroup(grouper=inspection, list=list(group))
                for inspection, group in groupby(findings, key=lambda f: f.inspection)
            ],
            "deadlines": deadlines,
            "today": today,
        },
    )


@partnership_view
def inspection_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Everything recorded about one inspection."""
    today = timezone.localdate()
    page = inspection_page(request.partnership, pk, today)
    if page is None:
        raise Http404("No such inspection.")
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "page": page,
            "inspection": page.inspection,
            "deadlines": page.deadlines,
            "inspectorates": dict(InspectionTeamMember.Inspectorate.choices),
            "today": today,
        },
    )


@partnership_view
def deadline_list(request: PartnershipRequest) -> HttpResponse:
    """Every deadline with its source, due date and status."""
    today = timezone.localdate()
    rows = reads.deadline_rows(partnership_id=request.partnership.pk, deadline_id=None)
    return render(
        request,
        "inspections/deadline_list.html",
        {
            "deadlines": reads.deadline_table_rows(rows, today),
            "today": today,
            "form": None,
            "form_for": None,
        },
    )


def _deadline_row(request: PartnershipRequest, pk: int, today) -> reads.DeadlineRow:
    rows = reads.deadline_rows(partnership_id=request.partnership.pk, deadline_id=pk)
    (row,) = reads.deadline_table_rows(rows, today)
    return row


@partnership_view
@leader_required
@require_http_methods(["GET", "POST"])
def deadline_record_outcome(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Mark a deadline met or missed, in place. GET shows the form: alone for HTMX (the
    deadlines page fetches it when "Record outcome" opens), else in the deadlines page."""
    today = timezone.localdate()
    deadlines = Deadline.objects.for_partnership(request.partnership).for_listing(today)
    deadline = get_object_or_404(deadlines, pk=pk)
    if request.method == "GET":
        context = {"deadline": _deadline_row(request, pk, today), "form": None, "form_for": pk}
        if request.htmx:
            return render(request, "inspections/deadline_list.html#outcome-form", context)
        rows = reads.deadline_rows(partnership_id=request.partnership.pk, deadline_id=None)
        context["deadlines"] = reads.deadline_table_rows(rows, today)
        return render(request, "inspections/deadline_list.html", context)
    prefix = f"deadline-{pk}"
    form = DeadlineStatusForm(request.POST, prefix=prefix)
    conflict = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            deadline = services.deadline_record_outcome(
                deadline=deadline, expected_version=data.pop("version"), **data
            )
        except StaleEdit as stale:
            conflict = changes_since(stale.current, form.cleaned_data["version"])
            rebound = request.POST.copy()
            rebound[f"{prefix}-version"] = str(stale.current.version)
            form = DeadlineStatusForm(rebound, prefix=prefix)
    if form.is_valid() and conflict is None:
        message = f"“{deadline.title}” marked {deadline.get_status_display().lower()}."
        if not request.htmx:
            messages.success(request, message)
            return redirect("inspections:deadlines", slug=request.partnership.slug)
        response = render(
            request,
            "inspections/deadline_list.html#deadline-row",
            {"deadline": _deadline_row(request, pk, today)},
        )
        response.write(render_to_string("includes/announce.html", {"message": message}))
        return response
    context = {
        "deadline": _deadline_row(request, pk, today),
        "form": form,
        "form_for": pk,
        "today": today,
        "conflict": conflict,
    }
    if request.htmx:
        return render(request, "inspections/deadline_list.html#deadline-row", context)
    rows = reads.deadline_rows(partnership_id=request.partnership.pk, deadline_id=None)
    context["deadlines"] = reads.deadline_table_rows(rows, today)
    return render(
        request, "inspections/deadline_list.html", context, status=409 if conflict else 200
    )


@partnership_view
def inspection_letter(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The monitoring letter of a recorded monitoring inspection, as a PDF."""
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership),
        pk=pk,
        kind=Inspection.Kind.MONITORING,
    )
    try:
        letter = monitoring_letter(inspection)
    except LetterError as error:
        raise Http404(str(error)) from error
    pdf = render_pdf("pdf/letter.html", {"letter": letter})
    return pdf_response(
        pdf, f"{request.partnership.slug}-monitoring-letter-{letter.letter_date:%Y-%m-%d}.pdf"
    )


@partnership_view
def inspection_readiness(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A draft self-evaluation in the monitoring letter's form, as a PDF."""
    inspection = get_object_or_404(Inspection.objects.for_partnership(request.partnership), pk=pk)
    today = timezone.localdate()
    name = request.user.get_full_name() or request.user.get_username()
    try:
        letter = readiness_letter(
            inspection, today, f"{name}, {request.membership.get_role_display()}"
        )
    except LetterError as error:
        raise Http404(str(error)) from error
    pdf = render_pdf("pdf/letter.html", {"letter": letter})
    return pdf_response(pdf, f"{request.partnership.slug}-readiness-letter-{today:%Y-%m-%d}.pdf")


@partnership_view
@require_GET
def deadline_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one deadline."""
    deadline = get_object_or_404(Deadline.objects.for_partnership(request.partnership), pk=pk)
    return history_page(
        request,
        deadline,
        subject=deadline.title,
        kind="Deadline",
        back_url=reverse("inspections:deadlines", kwargs={"slug": request.partnership.slug}),
    )


@partnership_view
@require_GET
def activity_log(request: PartnershipRequest) -> HttpResponse:
    """Who changed what in the partnership, newest first, filterable by person and date."""
    form = ActivityFilterForm(request.GET or None, partnership=request.partnership)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = activity(
        request.partnership,
        user_id=filters["person"].pk if filters.get("person") else None,
        start=filters.get("start"),
        end=filters.get("end"),
    )
    return render(request, "inspections/activity.html", {"form": form, "entries": entries})


@partnership_view
@officer_required
def deadline_edit(request: PartnershipRequest, pk: int | None = None) -> HttpResponse:
    """Record a new deadline or correct one (a full-page form; stale saves are refused)."""
    deadline = (
        get_object_or_404(Deadline.objects.for_partnership(request.partnership), pk=pk)
        if pk
        else Deadline(partnership=request.partnership)
    )
    form = DeadlineForm(request.POST or None, instance=deadline, partnership=request.partnership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DeadlineForm.Meta.fields}
        if pk is None:
            Deadline.objects.create(partnership=request.partnership, **fields)
            messages.success(request, "Deadline added.")
            return redirect("inspections:deadlines", slug=request.partnership.slug)

        def apply(current: Deadline) -> None:
            for name, value in fields.items():
                setattr(current, name, value)

        try:
            save_if_current(
                Deadline.objects.all(), deadline.pk, form.cleaned_data["version"] or 0, apply
            )
        except StaleEdit as stale:
            conflict = changes_since(stale.current, form.cleaned_data["version"] or 0)
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = DeadlineForm(data, instance=stale.current, partnership=request.partnership)
        else:
            messages.success(request, "Deadline saved.")
            return redirect("inspections:deadlines", slug=request.partnership.slug)
    return render(
        request,
        "inspections/deadline_edit.html",
        {"form": form, "deadline": deadline if pk else None, "conflict": conflict},
        status=409 if conflict else 200,
    )
