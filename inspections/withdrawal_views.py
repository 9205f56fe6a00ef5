"""Withdraw a whole inspection recorded by mistake, and restore it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from inspections.corrections import WithdrawalRefused
from inspections.inspection_withdrawal import (
    WithdrawalPlan,
    inspection_restore,
    inspection_withdraw,
    withdrawal_plan,
)
from inspections.models import Inspection
from inspections.record_forms import WithdrawForm
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view
from inspections.withdrawn_page import withdrawn_inspection_page


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _meaning(inspection: Inspection, plan: WithdrawalPlan) -> list[str]:
    """What withdrawing takes with it, in words."""
    parts = [
        _counted(len(plan.findings), "finding", "findings"),
        _counted(len(plan.focus_points), "focus point", "focus points"),
        _counted(len(plan.judgements), "judgement", "judgements"),
        _counted(len(plan.deadlines), "deadline it implied", "deadlines it implied"),
    ]
    sentences = [
        f"The {inspection.short_kind} of {inspection.date_range} leaves every page, PDF and "
        f"count, with its {', '.join(parts[:-1])} and {parts[-1]}."
    ]
    if plan.organisations:
        names = "; ".join(org.name for org in plan.organisations)
        sentences.append(
            f"These organisations, which nothing else recorded uses, are withdrawn too: {names}."
        )
    sentences.append(
        "Nothing is deleted: the history keeps who withdrew it, when and why, and an officer "
        "can restore it from its page. The right report can then be imported."
    )
    return sentences


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def inspection_withdraw_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Confirm, with a reason, that an inspection recorded by mistake leaves the record with
    all it brought; refused while its findings have actions or a follow-up follows it."""
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership).select_related("follows"),
        pk=pk,
    )
    form = WithdrawForm(request.POST or None)
    plan = withdrawal_plan(inspection)
    refusals = list(plan.refusals)
    if request.method == "POST" and form.is_valid() and not refusals:
        try:
            inspection_withdraw(
                inspection=inspection, by=request.user, reason=form.cleaned_data["reason"]
            )
        except WithdrawalRefused as error:
            refusals = [error.message]
        else:
            messages.success(request, f"{inspection.short_title} withdrawn.")
            return redirect("inspections:inspection", slug=request.partnership.slug, pk=pk)
    back = reverse("inspections:inspection", kwargs={"slug": request.partnership.slug, "pk": pk})
    return render(
        request,
        "inspections/withdraw.html",
        {
            "form": form,
            "what": f"{inspection.get_kind_display()}, {inspection.date_range}",
            "caption": "Withdraw an inspection recorded by mistake",
            "meaning": _meaning(inspection, plan),
            "refusals": refusals,
            "back_url": back,
        },
        status=409 if refusals and request.method == "POST" else 200,
    )


@partnership_view
@officer_required
@require_POST
def inspection_restore_view(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Bring back a withdrawn inspection and exactly what its withdrawal took."""
    inspection = get_object_or_404(
        Inspection.all_objects.for_partnership(request.partnership)
        .filter(withdrawn_at__isnull=False)
        .select_related("follows"),
        pk=pk,
    )
    try:
        inspection_restore(inspection=inspection)
    except WithdrawalRefused as error:
        return withdrawn_inspection_page(request, pk, refusal=error.message, status=409)
    messages.success(request, f"{inspection.short_title} restored.")
    return redirect("inspections:inspection", slug=request.partnership.slug, pk=pk)
