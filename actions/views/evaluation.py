"""The partnership's self-evaluation of an area for priority action: its own view of how
effective its action has been, recorded by officers, printed in the readiness letter."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from actions import services
from actions.forms import SelfEvaluationForm
from actions.models import SelfEvaluation
from inspections.models import Finding
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view
from send_tracker.audit import StaleEdit, changes_since, history_page


def _area_or_404(request: PartnershipRequest, pk: int) -> Finding:
    """The partnership's area for priority action with its inspection: 1 query. An area
    for improvement has no self-evaluation, so it answers 404 here."""
    return get_object_or_404(
        Finding.objects.for_partnership(request.partnership)
        .filter(kind=Finding.Kind.PRIORITY_ACTION)
        .select_related("inspection"),
        pk=pk,
    )


def _evaluation_of(finding: Finding) -> SelfEvaluation | None:
    return SelfEvaluation.objects.filter(finding=finding).select_related("recorded_by").first()


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def self_evaluation_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Record the partnership's own assessment of an area for priority action (a full-page
    form); a stale form shows what changed and keeps the user's values."""
    finding = _area_or_404(request, pk)
    evaluation = _evaluation_of(finding)
    form = (
        SelfEvaluationForm(request.POST)
        if request.method == "POST"
        else SelfEvaluationForm.for_evaluation(evaluation)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["version"] or 0
        try:
            services.self_evaluation_record(
                finding=finding,
                expected_version=seen,
                assessment=form.cleaned_data["assessment"],
                evidence=form.cleaned_data["evidence"],
                assessed_on=form.cleaned_data["assessed_on"],
                recorded_by=request.user,
            )
        except StaleEdit as stale:
            evaluation = _evaluation_of(finding)
            conflict = changes_since(evaluation, seen) if evaluation is not None else []
            form = form.rebound_to(stale.current_version)
        else:
            messages.success(request, f"Self-evaluation of {finding.title} saved.")
            return redirect("actions:finding", slug=request.partnership.slug, pk=finding.pk)
    return render(
        request,
        "actions/self_evaluation.html",
        {"finding": finding, "evaluation": evaluation, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@partnership_view
@require_GET
def self_evaluation_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every self-evaluation recorded for one area for priority action."""
    finding = _area_or_404(request, pk)
    evaluation = get_object_or_404(SelfEvaluation, finding=finding)
    return history_page(
        request,
        evaluation,
        subject=f"Self-evaluation of {finding.title}",
        kind="Self-evaluation",
        back_url=reverse("actions:finding", kwargs={"slug": request.partnership.slug, "pk": pk}),
    )
