"""The deadlines page: every deadline, leaders' outcomes recorded in place, officers' forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inspections import services
from inspections.forms import DeadlineForm, DeadlineStatusForm
from inspections.models import Deadline
from inspections.selectors import deadlines_get
from inspections.tenancy import (
    PartnershipRequest,
    leader_required,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit, changes_since, history_page
from send_tracker.templating import render_block

PAGE = "inspections/deadline_list.html"


def _deadline_or_404(request: PartnershipRequest, pk: int) -> Deadline:
    """The partnership's deadline as its row shows it: 1 query."""
    return get_object_or_404(deadlines_get(partnership=request.partnership), pk=pk)


def _page(
    request: PartnershipRequest,
    *,
    form: DeadlineStatusForm | None = None,
    conflict: list | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page; `form` is the outcome form open in its deadline's row."""
    deadlines = deadlines_get(partnership=request.partnership)
    context = {
        "deadlines": list(deadlines),
        "form": form,
        "form_for": form.deadline.pk if form is not None else None,
        "today": timezone.localdate(),
        "conflict": conflict,
    }
    return render(request, PAGE, context, status=status)


@partnership_view
def deadline_list(request: PartnershipRequest) -> HttpResponse:
    """Every deadline with its source, due date and status."""
    return _page(request)


@partnership_view
@leader_required
@require_http_methods(["GET", "POST"])
def deadline_record_outcome(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Mark a deadline met or missed, in place. GET shows the form: alone for HTMX (the
    deadlines page fetches it when "Record outcome" opens), else in the deadlines page."""
    deadline = _deadline_or_404(request, pk)
    if request.method == "GET":
        form = DeadlineStatusForm.for_deadline(deadline)
        if request.htmx:
            context = {"deadline": deadline, "form": form, "conflict": None}
            return render_block(request, f"{PAGE}#outcome-form", context)
        return _page(request, form=form)
    form = DeadlineStatusForm(request.POST, deadline=deadline)
    conflict = None
    if form.is_valid():
        try:
            services.deadline_record_outcome(
                deadline=deadline,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                met_date=form.cleaned_data["met_date"],
                evidence=form.cleaned_data["evidence"],
                outcome_note=form.cleaned_data["outcome_note"],
            )
        except StaleEdit as stale:
            conflict = changes_since(deadline, form.cleaned_data["version"])
            deadline = _deadline_or_404(request, pk)
            form = form.rebound_to(deadline, stale.current_version)
        else:
            outcome = (
                "took place"
                if deadline.is_expected_event
                else f"marked {deadline.get_status_display().lower()}"
            )
            message = f"“{deadline.title}” {outcome}."
            if not request.htmx:
                messages.success(request, message)
                return redirect("inspections:deadlines", slug=request.partnership.slug)
            context = {  # the service updated `deadline` in place: its row shows the outcome
                "deadline": deadline,
                "form": None,
                "form_for": None,
                "conflict": None,
                "today": timezone.localdate(),
            }
            response = render_block(request, f"{PAGE}#deadline-row", context)
            response.write(render_to_string("includes/announce.html", {"message": message}))
            return response
    if request.htmx:
        context = {
            "deadline": deadline,
            "form": form,
            "form_for": pk,
            "conflict": conflict,
            "today": timezone.localdate(),
        }
        response = render_block(request, f"{PAGE}#deadline-row", context)
        if conflict:
            message = "Not saved: someone else changed this deadline. Check and save again."
            response.write(
                render_to_string(
                    "includes/announce.html", {"message": message, "level": "important"}
                )
            )
        return response
    return _page(request, form=form, conflict=conflict, status=409 if conflict else 200)


@partnership_view
@require_GET
def deadline_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one deadline, withdrawn or not (its history says who
    withdrew it and why)."""
    deadline = get_object_or_404(Deadline.all_objects.for_partnership(request.partnership), pk=pk)
    return history_page(
        request,
        deadline,
        subject=deadline.title,
        kind="Deadline",
        back_url=reverse("inspections:deadlines", kwargs={"slug": request.partnership.slug}),
    )


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
        try:
            services.deadline_save(
                partnership=request.partnership,
                deadline=deadline if pk else None,
                expected_version=form.cleaned_data["version"] or 0,
                details=form.details(),
            )
        except StaleEdit as stale:
            conflict = changes_since(deadline, form.cleaned_data["version"] or 0)
            current = get_object_or_404(
                Deadline.objects.for_partnership(request.partnership), pk=pk
            )
            form = form.rebound_to(current, stale.current_version)
        else:
            messages.success(request, "Deadline saved." if pk else "Deadline added.")
            return redirect("inspections:deadlines", slug=request.partnership.slug)
    return render(
        request,
        "inspections/deadline_edit.html",
        {"form": form, "deadline": deadline if pk else None, "conflict": conflict},
        status=409 if conflict else 200,
    )
