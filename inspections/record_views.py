"""Officers correct the record outside the import review: add, correct and withdraw a
finding, a focus point or a judgement. Full-page forms: a POST saves and redirects to the
inspection's page with a message, or shows the form again with its errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from inspections import corrections
from inspections.corrections import WithdrawalRefused
from inspections.models import Finding, FocusPoint, Inspection, Judgement
from inspections.record_forms import FindingForm, FocusPointForm, JudgementForm, WithdrawForm
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view

WITHDRAW_PAGE = "inspections/withdraw.html"


def _finding_or_404(request: PartnershipRequest, pk: int) -> Finding:
    """A current finding of the partnership, with its inspection: 1 query."""
    return get_object_or_404(
        Finding.objects.for_partnership(request.partnership).select_related(
            "inspection__partnership"
        ),
        pk=pk,
    )


def _inspection_url(request: PartnershipRequest, inspection_id: int, anchor: str = "") -> str:
    url = reverse(
        "inspections:inspection", kwargs={"slug": request.partnership.slug, "pk": inspection_id}
    )
    return f"{url}#{anchor}" if anchor else url


def _done(request: PartnershipRequest, message: str, inspection_id: int, anchor: str = ""):
    messages.success(request, message)
    return redirect(_inspection_url(request, inspection_id, anchor))


# --- Findings -------------------------------------------------------------------------------


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def finding_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Add a finding to an inspection (`pk`) that makes findings."""
    inspection = get_object_or_404(
        Inspection.objects.for_partnership(request.partnership).select_related("partnership"),
        pk=pk,
    )
    return _finding_form(request, inspection, None)


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def finding_correct(request: PartnershipRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    return _finding_form(request, finding.inspection, finding)


def _finding_form(
    request: PartnershipRequest, inspection: Inspection, finding: Finding | None
) -> HttpResponse:
    form = FindingForm(request.POST or None, inspection=inspection, finding=finding)
    if request.method == "POST" and form.is_valid():
        saved = corrections.finding_save(
            inspection=inspection,
            finding=finding,
            details=form.details(),
            responsible_bodies=list(form.cleaned_data["responsible_bodies"]),
        )
        verb = "corrected" if finding else "added"
        return _done(request, f"{saved.title} {verb}.", inspection.pk, f"finding-{saved.pk}")
    return render(
        request,
        "inspections/finding_edit.html",
        {
            "form": form,
            "finding": finding,
            "inspection": inspection,
            "makes_findings": bool(corrections.FINDING_KINDS.get(inspection.kind)),
        },
    )


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def finding_withdraw(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Confirm, with a reason, that a finding (its focus points and judgements with it)
    leaves the record; refused while it has current actions."""
    finding = _finding_or_404(request, pk)
    count = corrections.current_action_counts([finding.pk]).get(finding.pk, 0)
    form = WithdrawForm(request.POST or None)
    refused = corrections.blocked_by_actions(count) if count else ""
    if request.method == "POST" and form.is_valid() and not refused:
        try:
            corrections.finding_withdraw(
                finding=finding, by=request.user, reason=form.cleaned_data["reason"]
            )
        except WithdrawalRefused as error:
            refused = error.message
        else:
            return _done(request, f"{finding.title} withdrawn.", finding.inspection_id)
    return _withdraw_page(
        request,
        form,
        what=finding.title,
        caption=finding.inspection.short_title,
        meaning=[
            f"{finding.title}, its focus points and its judgements leave every page, PDF "
            "and count.",
            "Nothing is deleted: its history keeps who withdrew it, when and why.",
        ],
        refused=refused,
        back_url=_inspection_url(request, finding.inspection_id, f"finding-{finding.pk}"),
    )


def _withdraw_page(
    request: PartnershipRequest,
    form: WithdrawForm,
    *,
    what: str,
    caption: str,
    meaning: list[str],
    refused: str,
    back_url: str,
) -> HttpResponse:
    return render(
        request,
        WITHDRAW_PAGE,
        {
            "form": form,
            "what": what,
            "caption": caption,
            "meaning": meaning,
            "refusals": [refused] if refused else [],
            "back_url": back_url,
        },
        status=409 if refused and request.method == "POST" else 200,
    )


# --- Focus points ---------------------------------------------------------------------------


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def focus_point_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Add a focus point to a finding (`pk`)."""
    return _focus_point_form(request, _finding_or_404(request, pk), None)


def _point_or_404(request: PartnershipRequest, pk: int) -> FocusPoint:
    """A current focus point of a current finding of the partnership."""
    return get_object_or_404(
        FocusPoint.objects.filter(
            finding__inspection__partnership=request.partnership,
            finding__withdrawn_at__isnull=True,
        ).select_related("finding__inspection__partnership"),
        pk=pk,
    )


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def focus_point_correct(request: PartnershipRequest, pk: int) -> HttpResponse:
    point = _point_or_404(request, pk)
    return _focus_point_form(request, point.finding, point)


def _focus_point_form(
    request: PartnershipRequest, finding: Finding, point: FocusPoint | None
) -> HttpResponse:
    form = FocusPointForm(request.POST or None, finding=finding, point=point)
    if request.method == "POST" and form.is_valid():
        corrections.focus_point_save(
            finding=finding,
            point=point,
            order=form.cleaned_data["order"],
            text=form.cleaned_data["text"],
        )
        verb = "corrected" if point else "added"
        return _done(
            request,
            f"Focus point of {finding.title} {verb}.",
            finding.inspection_id,
            f"finding-{finding.pk}",
        )
    return render(
        request,
        "inspections/focus_point_edit.html",
        {"form": form, "finding": finding, "point": point},
    )


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def focus_point_withdraw(request: PartnershipRequest, pk: int) -> HttpResponse:
    point = _point_or_404(request, pk)
    finding = point.finding
    form = WithdrawForm(request.POST or None)
    count = corrections.current_action_count_of_focus_point(point)
    refused = corrections.blocked_by_actions(count) if count else ""
    if request.method == "POST" and form.is_valid() and not refused:
        try:
            corrections.focus_point_withdraw(
                point=point, by=request.user, reason=form.cleaned_data["reason"]
            )
        except WithdrawalRefused as error:
            refused = error.message
        else:
            message = f"Focus point {point.order} of {finding.title} withdrawn."
            return _done(request, message, finding.inspection_id, f"finding-{finding.pk}")
    return _withdraw_page(
        request,
        form,
        what=f"Focus point {point.order} of {finding.title}",
        caption=point.text[:120],
        meaning=[
            "The bullet point leaves every page and PDF that restates the finding.",
            "Nothing is deleted: its history keeps who withdrew it, when and why.",
        ],
        refused=refused,
        back_url=_inspection_url(request, finding.inspection_id, f"finding-{finding.pk}"),
    )


# --- Judgements -----------------------------------------------------------------------------


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def judgement_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Record how a follow-up inspection judged a finding (`pk`)."""
    return _judgement_form(request, _finding_or_404(request, pk), None)


def _judgement_or_404(request: PartnershipRequest, pk: int) -> Judgement:
    """A current judgement of a current finding of the partnership."""
    return get_object_or_404(
        Judgement.objects.filter(
            finding__inspection__partnership=request.partnership,
            finding__withdrawn_at__isnull=True,
        ).select_related("finding__inspection__partnership", "inspection"),
        pk=pk,
    )


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def judgement_correct(request: PartnershipRequest, pk: int) -> HttpResponse:
    judgement = _judgement_or_404(request, pk)
    return _judgement_form(request, judgement.finding, judgement)


def _judgement_form(
    request: PartnershipRequest, finding: Finding, judgement: Judgement | None
) -> HttpResponse:
    form = JudgementForm(request.POST or None, finding=finding, judgement=judgement)
    if request.method == "POST" and form.is_valid():
        saved = corrections.judgement_save(
            finding=finding,
            judgement=judgement,
            inspection=form.cleaned_data["inspection"],
            outcome=form.cleaned_data["outcome"],
            narrative=form.cleaned_data["narrative"],
        )
        verb = "corrected" if judgement else "recorded"
        return _done(
            request,
            f"Judgement of {finding.title} {verb}.",
            saved.inspection_id,
            f"judgement-{saved.pk}",
        )
    return render(
        request,
        "inspections/judgement_edit.html",
        {"form": form, "finding": finding, "judgement": judgement},
    )


@partnership_view
@officer_required
@require_http_methods(["GET", "POST"])
def judgement_withdraw(request: PartnershipRequest, pk: int) -> HttpResponse:
    judgement = _judgement_or_404(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        corrections.judgement_withdraw(
            judgement=judgement, by=request.user, reason=form.cleaned_data["reason"]
        )
        message = f"Judgement of {judgement.finding.title} withdrawn."
        return _done(request, message, judgement.inspection_id)
    return _withdraw_page(
        request,
        form,
        what=f"The judgement of {judgement.finding.title}",
        caption=judgement.label,
        meaning=[
            f"“{judgement.label}” leaves the finding, the dashboard, the monitoring letter "
            "and every count; the finding's latest judgement becomes the one before it, if any.",
            "Nothing is deleted: its history keeps who withdrew it, when and why.",
        ],
        refused="",
        back_url=_inspection_url(request, judgement.inspection_id, f"judgement-{judgement.pk}"),
    )
