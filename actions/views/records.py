"""Measures of impact and plans: every one listed, and officers' forms to add and correct."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actions import services
from actions.forms import MeasureCommentaryForm, MeasureForm, MeasureValueForm, PlanForm
from actions.impact import RAG_RULE, impacts_for
from actions.models import Measure, Plan
from inspections.tenancy import PartnershipRequest, officer_required, partnership_view


def _may_comment(request: PartnershipRequest, measure: Measure) -> bool:
    """The owner explains their measure; officers and above may write it for them."""
    return request.membership.can_edit_records or measure.owner_id == request.user.pk


def _measures_page(
    request: PartnershipRequest,
    failed: MeasureValueForm | MeasureCommentaryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Every measure's impact (figures, comparators, milestones, RAG and commentary) and,
    for officers, a form to add a value to each hand-entered one (`failed`: the form
    submitted with errors). A fixed number of queries, whatever the number of measures."""
    measures = list(
        Measure.objects.for_partnership(request.partnership).order_by("name", "pk").with_values()
    )
    value_forms: dict[int, MeasureValueForm] = {
        m.pk: MeasureValueForm(measure=m) for m in measures if m.indicator_id is None
    }
    commentary_forms = {
        m.pk: MeasureCommentaryForm(measure=m) for m in measures if _may_comment(request, m)
    }
    if isinstance(failed, MeasureValueForm):
        value_forms[failed.measure.pk] = failed
    elif isinstance(failed, MeasureCommentaryForm):
        commentary_forms[failed.measure.pk] = failed
    return render(
        request,
        "actions/measures.html",
        {
            "impacts": impacts_for(request.partnership, measures),
            "value_forms": value_forms,
            "commentary_forms": commentary_forms,
            "form_for": failed.measure.pk if failed is not None else None,
            "rag_rule": RAG_RULE,
        },
        status=status,
    )


@partnership_view
def measure_list(request: PartnershipRequest) -> HttpResponse:
    """Every measure against its baseline, comparators and target; officers add values."""
    return _measures_page(request)


@partnership_view
@officer_required
@require_POST
def measure_add_value(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Record a measure's value for a date (one value per date)."""
    measure = get_object_or_404(Measure.objects.for_partnership(request.partnership), pk=pk)
    if measure.indicator_id is not None:
        messages.error(request, f"“{measure.name}” takes its values from national statistics.")
        return redirect("actions:measures", slug=request.partnership.slug)
    form = MeasureValueForm(request.POST, measure=measure)
    if not form.is_valid():
        return _measures_page(request, failed=form)
    services.measure_record_value(measure=measure, **form.cleaned_data)
    messages.success(request, f"Value added to “{measure.name}”.")
    return redirect("actions:measures", slug=request.partnership.slug)


@partnership_view
@require_POST
def measure_commentary(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The owner's (or an officer's) commentary on a measure, shown beside it everywhere."""
    measure = get_object_or_404(Measure.objects.for_partnership(request.partnership), pk=pk)
    if not _may_comment(request, measure):
        raise PermissionDenied("Only the measure's owner, officers and leaders can explain it.")
    form = MeasureCommentaryForm(request.POST, measure=measure)
    if not form.is_valid():
        return _measures_page(request, failed=form)
    services.measure_record_commentary(measure=measure, **form.cleaned_data)
    messages.success(request, f"Commentary on “{measure.name}” saved.")
    return redirect("actions:measures", slug=request.partnership.slug)


@partnership_view
def plan_list(request: PartnershipRequest) -> HttpResponse:
    """The partnership's plans and which replaces which."""
    plans = list(
        Plan.objects.for_partnership(request.partnership)
        .select_related("supersedes")
        # A join skips the default manager: count only the current (not withdrawn) actions.
        .annotate(action_count=Count("actions", filter=Q(actions__withdrawn_at__isnull=True)))
        .order_by(F("start_date").asc(nulls_last=True), "title")
    )
    return render(request, "actions/plans.html", {"plans": plans})


def _record_page(
    request: PartnershipRequest,
    form_class: type[PlanForm] | type[MeasureForm],
    instance: Plan | Measure,
    *,
    template: str,
    done: str,
    what: str,
) -> HttpResponse:
    """Create or correct one record on a full page; the audit trail records the save."""
    form = form_class(request.POST or None, instance=instance, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        services.record_save(partnership=request.partnership, form=form)
        messages.success(request, f"{what} saved.")
        return redirect(done, slug=request.partnership.slug)
    return render(request, template, {"form": form, "editing": instance.pk is not None})


@partnership_view
@officer_required
def plan_edit(request: PartnershipRequest, pk: int | None = None) -> HttpResponse:
    """Record a new plan or correct one."""
    plan = (
        get_object_or_404(Plan.objects.for_partnership(request.partnership), pk=pk)
        if pk
        else Plan(partnership=request.partnership)
    )
    return _record_page(
        request,
        PlanForm,
        plan,
        template="actions/plan_edit.html",
        done="actions:plans",
        what="Plan",
    )


@partnership_view
@officer_required
def measure_edit(request: PartnershipRequest, pk: int | None = None) -> HttpResponse:
    """Record a new measure or correct its definition."""
    measure = (
        get_object_or_404(Measure.objects.for_partnership(request.partnership), pk=pk)
        if pk
        else Measure(partnership=request.partnership)
    )
    return _record_page(
        request,
        MeasureForm,
        measure,
        template="actions/measure_edit.html",
        done="actions:measures",
        what="Measure",
    )
