"""Progress pages: dashboard, finding, action list, action page and its in-place edits.

Each page is one template; an HTMX request gets a partial of that same template. Without
JavaScript every change is an ordinary POST followed by a redirect.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from actions import reads, services
from actions.forms import (
    ActionDetailsForm,
    ActionFilterForm,
    ActionStatusForm,
    MeasureForm,
    MeasureValueForm,
    PackRequestForm,
    PlanForm,
    ProgressUpdateForm,
)
from actions.models import Action, BoardPack, Measure, MeasureValue, Plan
from actions.packs import default_since
from actions.pages import action_of, action_updates, finding_page, listed_actions
from actions.progress import dashboard_for, measure_summaries
from actions.tasks import build_board_pack
from inspections.models import Finding
from inspections.tenancy import (
    PartnershipRequest,
    leader_required,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit, changes_since, history_page
from send_tracker.pdf import pdf_response

ACTIONS_PER_PAGE = 50


def _action_or_404(request: PartnershipRequest, pk: int) -> Action:
    action = action_of(request.partnership, pk)
    if action is None:
        raise Http404("No such action.")
    return action


@partnership_view
def dashboard(request: PartnershipRequest) -> HttpResponse:
    """Where are we: findings, deadlines, measures and recent updates."""
    today = timezone.localdate()
    return render(
        request,
        "actions/dashboard.html",
        {
            "dash": dashboard_for(request.partnership, today),
            "today": today,
            "card_values": reads.CARD_VALUES,
        },
    )


def _update_cursor(value: str | None) -> tuple[dt.date, int] | None:
    """`?before=2026-03-01.1234`: where an older page of updates starts (date and id)."""
    if not value:
        return None
    date, _, pk = value.partition(".")
    try:
        cursor = dt.date.fromisoformat(date), int(pk)
    except ValueError:
        return None  # a mangled link shows the newest updates
    # An id no row can have (ids are positive 64-bit integers) is mangled too.
    return cursor if 0 < cursor[1] < 2**63 else None


@partnership_view
def finding_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A finding with its judgements, actions by focus point, measures and updates (the
    newest first, a page at a time)."""
    today = timezone.localdate()
    page = finding_page(request.partnership, pk, today, _update_cursor(request.GET.get("before")))
    if page is None:
        raise Http404("No such finding.")
    return render(
        request,
        "actions/finding_detail.html",
        {"page": page, "finding": page.finding, "today": today},
    )


@partnership_view
@vary_on_headers("HX-Request")
def action_list(request: PartnershipRequest) -> HttpResponse:
    """Actions filtered by the query string; HTMX requests get just the results."""
    today = timezone.localdate()
    partnership_id = request.partnership.pk
    findings = reads.partnership_finding_rows(partnership_id=partnership_id)
    form = ActionFilterForm(
        request.GET or None,
        findings=findings,
        organisations=reads.organisation_rows(partnership_id=partnership_id),
    )
    # Every matching row is read (a partnership has tens to a few hundred actions), so the
    # count and the pages need no further query.
    actions = listed_actions(request.partnership, form.criteria(today), findings, today)
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "today": today, "query": query.urlencode()}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "actions/action_list.html#action-results", context)
    return render(request, "actions/action_list.html", context)


def _action_page_context(request: PartnershipRequest, action: Action, **extra) -> dict:
    return {
        "action": action,
        "updates": action_updates(action, request.partnership.slug),
        "status_form": extra.pop("status_form", None)
        or ActionStatusForm(instance=action, prefix="status"),
        "update_form": extra.pop("update_form", None)
        or ProgressUpdateForm(action=action, prefix="update"),
        "today": timezone.localdate(),
        **extra,
    }


@partnership_view
def action_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """An action's details and progress history, with leaders' controls."""
    action = _action_or_404(request, pk)
    return render(request, "actions/action_detail.html", _action_page_context(request, action))


def _announce(message: str) -> str:
    """An out-of-band swap into the page's one polite live region."""
    return render_to_string("includes/announce.html", {"message": message})


def _rebind_to_current(form_class, request, prefix: str, current, **kwargs):
    """The user's submitted values again, now based on the current version (to re-apply)."""
    data = request.POST.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(current.version)
    return form_class(data, instance=current, prefix=prefix or None, **kwargs)


@partnership_view
@leader_required
@require_POST
def action_update_status(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Change status and RAG in place; a stale form shows what changed meanwhile."""
    action = _action_or_404(request, pk)
    form = ActionStatusForm(
        request.POST, instance=Action.objects.get(pk=action.pk), prefix="status"
    )
    extra: dict = {}
    if form.is_valid():
        try:
            action = services.action_update_status(
                action=action,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                rag=form.cleaned_data["rag"],
            )
        except StaleEdit as stale:
            extra["conflict"] = changes_since(stale.current, form.cleaned_data["version"])
            form = _rebind_to_current(ActionStatusForm, request, "status", stale.current)
        else:
            message = (
                f"Status changed to {action.get_status_display()}, "
                f"RAG rating {action.get_rag_display()}."
            )
            if not request.htmx:
                messages.success(request, message)
                return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
            action = _action_or_404(request, pk)
            context = _action_page_context(request, action)
            response = render(request, "actions/action_detail.html#action-status", context)
            response.write(_announce(message))
            return response
    action = _action_or_404(request, pk)
    context = _action_page_context(request, action, status_form=form, **extra)
    if request.htmx:
        response = render(request, "actions/action_detail.html#action-status", context)
        if "conflict" in extra:
            response.write(
                _announce("Not saved: someone else changed this action. Check and save again.")
            )
        return response
    return render(request, "actions/action_detail.html", context, status=409 if extra else 200)


@partnership_view
@leader_required
@require_POST
def action_add_update(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Add a progress update in place; errors use the GOV.UK error summary."""
    action = _action_or_404(request, pk)
    form = ProgressUpdateForm(request.POST, action=action, prefix="update")
    if form.is_valid():
        _, created = services.action_record_progress(
            action=action, author=request.user, **form.cleaned_data
        )
        message = "Progress update added." if created else "That update was already added."
        if not request.htmx:
            messages.success(request, message)
            return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
        action = _action_or_404(request, pk)
        context = _action_page_context(request, action, status_oob=True)
        response = render(request, "actions/action_detail.html#progress", context)
        response.write(
            render_to_string("actions/action_detail.html#action-status", context, request)
        )
        response.write(_announce(message))
        return response
    context = _action_page_context(request, action, update_form=form)
    if request.htmx:
        return render(request, "actions/action_detail.html#progress", context)
    return render(request, "actions/action_detail.html", context)


@partnership_view
@leader_required
def action_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Edit an action's details (a full page form); a stale form shows what changed."""
    action = _action_or_404(request, pk)
    # The form edits its own copy, so the page heading keeps the stored title on errors.
    form = ActionDetailsForm(
        request.POST or None,
        instance=Action.objects.get(pk=action.pk),
        partnership=request.partnership,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.action_update_details(
                action=action, expected_version=form.cleaned_data["version"], data=data
            )
        except StaleEdit as stale:
            conflict = changes_since(stale.current, form.cleaned_data["version"])
            form = _rebind_to_current(
                ActionDetailsForm, request, "", stale.current, partnership=request.partnership
            )
        else:
            messages.success(request, "Action details saved.")
            return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
    return render(
        request,
        "actions/action_edit.html",
        {"action": action, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@partnership_view
def pack_list(request: PartnershipRequest) -> HttpResponse:
    """Briefing packs built so far, and (for officers and leaders) a form to build one."""
    packs = list(BoardPack.objects.filter(partnership=request.partnership).defer("pdf")[:20])
    form = PackRequestForm(initial={"as_of": timezone.localdate()})
    return render(request, "actions/pack_list.html", {"packs": packs, "form": form})


@partnership_view
@officer_required
@require_POST
def pack_create(request: PartnershipRequest) -> HttpResponse:
    """Queue a pack; a background task builds it while the page shows progress."""
    form = PackRequestForm(request.POST)
    if not form.is_valid():
        packs = list(BoardPack.objects.filter(partnership=request.partnership).defer("pdf")[:20])
        return render(request, "actions/pack_list.html", {"packs": packs, "form": form})
    as_of = form.cleaned_data["as_of"]
    since = form.cleaned_data["since"] or default_since(request.partnership, as_of)
    pack, created = services.pack_request(
        partnership=request.partnership,
        as_of=as_of,
        since=since,
        user=request.user,
        prepared_by_name=(
            f"{request.user.get_full_name() or request.user.get_username()}, "
            f"{request.membership.get_role_display()}"
        ),
        submission_id=form.cleaned_data["submission_id"],
    )
    if created:
        transaction.on_commit(lambda: build_board_pack.enqueue(pack.pk))
    return redirect("actions:pack", slug=request.partnership.slug, pk=pack.pk)


@partnership_view
def pack_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A pack's progress (polled with HTMX until it is ready) and its download link."""
    pack = get_object_or_404(
        BoardPack.objects.filter(partnership=request.partnership).defer("pdf"), pk=pk
    )
    template = "actions/pack_detail.html"
    if request.htmx:
        template += "#pack-status"
    return render(request, template, {"pack": pack})


@partnership_view
def pack_download(request: PartnershipRequest, pk: int) -> HttpResponse:
    """The finished pack's PDF (plain GET)."""
    pack = get_object_or_404(
        BoardPack.objects.filter(partnership=request.partnership, status=BoardPack.Status.DONE),
        pk=pk,
    )
    return pdf_response(bytes(pack.pdf), pack.filename)


@partnership_view
@require_GET
def action_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one action."""
    action = _action_or_404(request, pk)
    return history_page(
        request,
        action,
        subject=action.title,
        kind="Action",
        back_url=reverse("actions:action", kwargs={"slug": request.partnership.slug, "pk": pk}),
    )


@partnership_view
@require_GET
def finding_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one finding."""
    finding = get_object_or_404(Finding.objects.for_partnership(request.partnership), pk=pk)
    return history_page(
        request,
        finding,
        subject=finding.title,
        kind="Finding",
        back_url=reverse("actions:finding", kwargs={"slug": request.partnership.slug, "pk": pk}),
    )


def _measures_page(
    request: PartnershipRequest, form_for: int | None = None, form=None, status: int = 200
):
    partnership_id = request.partnership.pk
    measures = measure_summaries(
        reads.measure_rows(partnership_id=partnership_id),
        reads.value_rows(partnership_id=partnership_id),
    )
    return render(
        request,
        "actions/measures.html",
        {"measures": measures, "form_for": form_for, "value_form": form},
        status=status,
    )


@partnership_view
def measure_list(request: PartnershipRequest) -> HttpResponse:
    """Every measure against target and England average; officers add values."""
    return _measures_page(request)


@partnership_view
@officer_required
@require_POST
def measure_add_value(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Record a measure's value for a date (one value per date)."""
    measure = get_object_or_404(Measure.objects.for_partnership(request.partnership), pk=pk)
    form = MeasureValueForm(request.POST, measure=measure, prefix=f"measure-{pk}")
    if not form.is_valid():
        return _measures_page(request, form_for=pk, form=form)
    try:
        with transaction.atomic():
            MeasureValue.objects.create(measure=measure, **form.cleaned_data)
    except IntegrityError:  # the same value submitted twice at once: it is recorded once
        pass
    messages.success(request, f"Value added to “{measure.name}”.")
    return redirect("actions:measures", slug=request.partnership.slug)


@partnership_view
def plan_list(request: PartnershipRequest) -> HttpResponse:
    """The partnership's plans and which replaces which."""
    plans = list(
        Plan.objects.for_partnership(request.partnership)
        .select_related("supersedes")
        .annotate(action_count=Count("actions"))
        .order_by(F("start_date").asc(nulls_last=True), "title")
    )
    return render(request, "actions/plans.html", {"plans": plans})


def _record_page(
    request: PartnershipRequest, form_class, instance, *, template: str, done: str, what: str
):
    """Create or correct one record on a full page; the audit trail records the save."""
    form = form_class(request.POST or None, instance=instance, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save(commit=False)
            record.partnership = request.partnership
            record.save()
            form.save_m2m()
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
