"""An action's life: created under a finding, closed as complete, reopened, withdrawn by
mistake and restored.

Creating, closing and withdrawing are full pages (a form, then a redirect with a banner);
reopening happens in place on the action's page with HTMX, and is an ordinary POST and
redirect without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actions import lifecycle
from actions.action_page import PAGE, action_or_404, announce, page_context
from actions.forms.lifecycle import (
    ActionCloseForm,
    ActionCreateForm,
    ActionReopenForm,
    RestoreForm,
    WithdrawForm,
)
from actions.models import Action
from actions.permissions import progress_editor_required
from inspections.models import Finding
from inspections.tenancy import (
    PartnershipRequest,
    officer_required,
    partnership_view,
)
from send_tracker.audit import StaleEdit, changes_since
from send_tracker.templating import render_block, render_block_to_string


def _preselected_finding(request: PartnershipRequest) -> Finding | None:
    """`?finding=<pk>` from a finding's "Add an action": the partnership's current finding,
    else none (a wrong or foreign id is simply not preselected)."""
    raw = request.GET.get("finding", "")
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        return None
    return (
        Finding.objects.for_partnership(request.partnership)
        .select_related("inspection")
        .filter(pk=int(raw))
        .first()
    )


@partnership_view
@officer_required
def action_create(request: PartnershipRequest) -> HttpResponse:
    """Add an action under one of the partnership's findings, in one of its plans."""
    finding = None if request.method == "POST" else _preselected_finding(request)
    form = ActionCreateForm(
        request.POST or None,
        partnership=request.partnership,
        initial={"finding": finding} if finding else None,
    )
    if request.method == "POST" and form.is_valid():
        details = form.details()
        try:
            action = lifecycle.action_create(plan=details.pop("plan"), details=details)
        except lifecycle.ActionRefused as refused:
            form.add_error("finding", str(refused))
        else:
            messages.success(request, f"Action “{action.title}” added: Not started, rated Amber.")
            return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
    return render(request, "actions/action_create.html", {"form": form, "finding": finding})


@partnership_view
@progress_editor_required
def action_close(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Close an open action as complete, with the date and a closing note."""
    action = action_or_404(request, pk)
    form = ActionCloseForm(request.POST or None, action=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.action_close(
                action=action,
                expected_version=form.cleaned_data["version"],
                completed_date=form.cleaned_data["completed_date"],
                closing_note=form.cleaned_data["closing_note"],
            )
        except StaleEdit as stale:
            conflict = changes_since(action, form.cleaned_data["version"])
            action = action_or_404(request, pk)
            form = form.rebound_to(action, stale.current_version)
        else:
            messages.success(request, "Action closed as complete.")
            return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
    return render(
        request,
        "actions/action_close.html",
        {"action": action, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@partnership_view
@progress_editor_required
@require_POST
def action_reopen(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Reopen a complete action in place: In progress, with the rating chosen."""
    action = action_or_404(request, pk)
    form = ActionReopenForm(request.POST, action=action)
    conflict = None
    if form.is_valid():
        try:
            lifecycle.action_reopen(
                action=action,
                expected_version=form.cleaned_data["version"],
                rag=form.cleaned_data["rag"],
            )
        except StaleEdit as stale:
            conflict = changes_since(action, form.cleaned_data["version"])
            action = action_or_404(request, pk)
            form = form.rebound_to(stale.current_version)
        else:
            message = f"Action reopened: In progress, RAG rating {action.get_rag_display()}."
            if not request.htmx:
                messages.success(request, message)
                return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
            # The status block, and the progress form out of band: its ratings change too.
            context = page_context(request, action, progress_oob=True)
            response = render_block(request, f"{PAGE}#action-status", context)
            response.write(render_block_to_string(request, f"{PAGE}#progress", context))
            response.write(announce(message))
            return response
    context = page_context(request, action, reopen_form=form, conflict=conflict)
    if request.htmx:
        response = render_block(request, f"{PAGE}#action-status", context)
        if conflict is not None:
            response.write(
                announce(
                    "Not saved: someone else changed this action. Check and save again.",
                    level="important",
                )
            )
        return response
    return render(request, PAGE, context, status=409 if conflict is not None else 200)


@partnership_view
@officer_required
def action_withdraw(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Ask for a reason, then withdraw the action from the plan, the pages and the packs."""
    action = action_or_404(request, pk)
    form = WithdrawForm(request.POST or None, action=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.action_withdraw(
                action=action,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            conflict = changes_since(action, form.cleaned_data["version"])
            action = action_or_404(request, pk)
            form = WithdrawForm(
                {**request.POST.dict(), "version": str(action.version)}, action=action
            )
        else:
            messages.success(
                request,
                f"Action “{action.title}” withdrawn. It stays in the history, and its page "
                "can restore it.",
            )
            return redirect("actions:finding", slug=request.partnership.slug, pk=action.finding_id)
    return render(
        request,
        "actions/action_withdraw.html",
        {"action": action, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@partnership_view
@officer_required
@require_POST
def action_restore(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Put a withdrawn action back (a withdrawal made by mistake is repairable)."""
    action = get_object_or_404(
        Action.all_objects.for_partnership(request.partnership)
        .filter(withdrawn_at__isnull=False)
        .select_related("plan"),
        pk=pk,
    )
    form = RestoreForm(request.POST)
    had_owner = action.owner_id is not None
    if form.is_valid():
        try:
            lifecycle.action_restore(action=action, expected_version=form.cleaned_data["version"])
        except StaleEdit:
            pass  # changed since the page was shown: show the page as it is now
        except lifecycle.ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            restored = f"Action “{action.title}” restored."
            if had_owner and action.owner_id is None:
                restored += (
                    " Its owner may no longer own actions in this partnership, so it has no"
                    " owner now: choose one in Edit details."
                )
            messages.success(request, restored)
    return redirect("actions:action", slug=request.partnership.slug, pk=action.pk)
