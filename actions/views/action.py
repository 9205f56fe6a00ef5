"""The action list, an action's page, and the changes leaders make to it in place.

Each page is one template; an HTMX request gets a block of that same template. Without
JavaScript every change is an ordinary POST followed by a redirect.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from actions import services
from actions.action_page import action_or_404 as _action_or_404
from actions.action_page import announce as _announce
from actions.action_page import page_context as _page_context
from actions.action_page import updates_of as _updates
from actions.forms import ActionDetailsForm, ActionFilterForm, ActionStatusForm, ProgressUpdateForm
from actions.forms.lifecycle import RestoreForm
from actions.models import Action, ProgressUpdate
from actions.permissions import progress_editor_required
from actions.selectors import action_list_get, owner_choices
from inspections.models import Finding, Organisation, Partnership
from inspections.tenancy import (
    PartnershipRequest,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit, changes_since, history_page
from send_tracker.back import BackLink, back_link
from send_tracker.page_cache import cached_read
from send_tracker.pagination import pagination
from send_tracker.templating import render_block, render_block_to_string

ACTIONS_PER_PAGE = 50
PAGE = "actions/action_list.html"
PAGE_DETAIL = "actions/action_detail.html"


def _filter_choices(
    partnership: Partnership,
) -> tuple[list[Finding], list[Organisation], list[tuple[int, str]]]:
    """The findings, lead organisations and owners the action list's filters offer."""
    findings = Finding.objects.for_partnership(partnership).priority_first()
    organisations = Organisation.objects.for_partnership(partnership).order_by("kind", "name")
    return (
        list(findings.select_related("inspection")),
        list(organisations),
        owner_choices(partnership=partnership),
    )


@partnership_view
@vary_on_headers("HX-Request")
def action_list(request: PartnershipRequest) -> HttpResponse:
    """Actions filtered by the query string; HTMX requests get just the results."""
    today = timezone.localdate()
    partnership = request.partnership
    findings, organisations, owners = cached_read(
        partnership, lambda: _filter_choices(partnership), "filters"
    )
    form = ActionFilterForm(
        request.GET or None, findings=findings, organisations=organisations, owners=owners
    )
    criteria = form.criteria(today)
    page_number = request.GET.get("page")
    query = request.GET.copy()
    query.pop("page", None)

    def results() -> str:
        """The results block, rendered: the same for every member of the partnership for
        these filters and this page, so it is kept whole (a page of 50 rows costs more to
        render than the rest of the page)."""
        actions = list(action_list_get(partnership=partnership, **criteria))
        page = Paginator(actions, ACTIONS_PER_PAGE).get_page(page_number)
        context = {
            "form": form,
            "page": page,
            "page_links": pagination(request, page),
            "today": today,
            "query": query.urlencode(),
            # Each finding's page, once per finding rather than once per row.
            "finding_urls": {
                f.pk: reverse("actions:finding", kwargs={"slug": partnership.slug, "pk": f.pk})
                for f in findings
            },
        }
        return render_block_to_string(request, f"{PAGE}#action-results", context)

    # The query string picks the rows, their order and the page; the day, which are overdue.
    key = ("action-results", request.GET.urlencode(), today)
    html = mark_safe(cached_read(partnership, results, *key))  # noqa: S308 (our own render)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(html)
    return render(request, PAGE, {"form": form, "results": html})


@partnership_view
def action_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """An action's details and progress history, with the controls of those who may change
    its progress."""

    def read() -> tuple[Action, list[ProgressUpdate], str]:
        """The action, its progress history and that history rendered (the same for every
        member)."""
        action = _action_or_404(request, pk)
        updates = _updates(action)
        history = render_block_to_string(
            request, f"{PAGE_DETAIL}#progress-history", {"updates": updates}
        )
        return action, updates, history

    try:
        action, updates, history = cached_read(request.partnership, read, "action", pk)
    except Http404:
        # A withdrawn action's page says so, with who, when and why (and how to restore it).
        withdrawn = get_object_or_404(
            Action.all_objects.for_partnership(request.partnership)
            .filter(withdrawn_at__isnull=False)
            .select_related("finding__inspection", "withdrawn_by", "plan"),
            pk=pk,
        )
        return render(
            request,
            "actions/action_withdrawn.html",
            {
                "action": withdrawn,
                "restore_form": RestoreForm(initial={"version": withdrawn.version}),
            },
        )
    slug = request.partnership.slug
    back = back_link(
        request,
        slug=slug,
        default=BackLink(reverse("actions:list", kwargs={"slug": slug}), "All actions"),
        labels={"actions:finding": f"Back to {action.finding.title.lower()}"},
    )
    context = _page_context(request, action, updates)
    history_html = mark_safe(history)  # noqa: S308 (our own render)
    return render(request, PAGE_DETAIL, {**context, "back": back, "history_html": history_html})


@partnership_view
@progress_editor_required
@require_POST
def action_update_status(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Change status and RAG in place; a stale form shows what changed meanwhile."""
    action = _action_or_404(request, pk)
    form = ActionStatusForm(request.POST, action=action)
    conflict = None
    if form.is_valid():
        try:
            services.action_update_status(
                action=action,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                rag=form.cleaned_data["rag"],
            )
        except StaleEdit as stale:
            conflict = changes_since(action, form.cleaned_data["version"])
            action = _action_or_404(request, pk)
            form = form.rebound_to(stale.current_version)
        else:
            message = (
                f"Status changed to {action.get_status_display()}, "
                f"RAG rating {action.get_rag_display()}."
            )
            if not request.htmx:
                messages.success(request, message)
                return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
            response = render_block(
                request, "actions/action_detail.html#action-status", _page_context(request, action)
            )
            response.write(_announce(message))
            return response
    context = _page_context(request, action, status_form=form, conflict=conflict)
    if request.htmx:
        response = render_block(request, "actions/action_detail.html#action-status", context)
        if conflict is not None:
            response.write(
                _announce(
                    "Not saved: someone else changed this action. Check and save again.",
                    level="important",
                )
            )
        return response
    status = 409 if conflict is not None else 200
    return render(request, "actions/action_detail.html", context, status=status)


@partnership_view
@progress_editor_required
@require_POST
def action_add_update(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Add a progress update in place; errors use the GOV.UK error summary."""
    action = _action_or_404(request, pk)
    form = ProgressUpdateForm(request.POST, action=action)
    status = 200
    if form.is_valid():
        try:
            _, created = services.action_record_progress(
                action=action, author=request.user, **form.cleaned_data
            )
        except services.ProgressRefused as refused:
            # Closed, reopened or withdrawn meanwhile: the form again, saying so.
            form.add_error("rag", str(refused))
            action = _action_or_404(request, pk)  # as it is now (404 once withdrawn)
            status = 409
    if not form.is_valid():
        context = _page_context(request, action, update_form=form)
        if request.htmx:
            return render_block(request, f"{PAGE_DETAIL}#progress", context, status=status)
        return render(request, PAGE_DETAIL, context, status=status)
    message = "Progress update added." if created else "That update was already added."
    if not request.htmx:
        messages.success(request, message)
        return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
    # The history, and the status block out of band: the newest update sets the RAG.
    context = _page_context(request, action, status_oob=True)
    response = render_block(request, "actions/action_detail.html#progress", context)
    response.write(
        render_block_to_string(request, "actions/action_detail.html#action-status", context)
    )
    response.write(_announce(message))
    return response


@partnership_view
@officer_required
def action_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Edit an action's details, its owner included (a full page form, for leaders and
    officers); a stale form shows what changed."""
    action = _action_or_404(request, pk)
    # The form validates a copy, so the page keeps the stored title while there are errors.
    form = ActionDetailsForm(
        request.POST or None, instance=copy.copy(action), partnership=request.partnership
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_details(
                action=action,
                expected_version=form.cleaned_data["version"],
                details=form.details(),
            )
        except StaleEdit as stale:
            conflict = changes_since(action, form.cleaned_data["version"])
            action = _action_or_404(request, pk)
            form = form.rebound_to(copy.copy(action), stale.current_version)
        else:
            messages.success(request, "Action details saved.")
            return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
    return render(
        request,
        "actions/action_edit.html",
        {"action": action, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@partnership_view
@require_GET
def action_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one action, withdrawn or not."""
    action = get_object_or_404(Action.all_objects.for_partnership(request.partnership), pk=pk)
    return history_page(
        request,
        action,
        subject=action.title,
        kind="Action",
        back_url=reverse("actions:action", kwargs={"slug": request.partnership.slug, "pk": pk}),
    )
