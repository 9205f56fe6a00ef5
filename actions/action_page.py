"""What an action's page shows, shared by the views that change it in place (status, RAG
and updates in `views.action`; closing, reopening and withdrawing in `views.lifecycle`):
each answers an HTMX request with blocks of that one page, drawn from the same context."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from actions.forms import ActionStatusForm, ProgressUpdateForm
from actions.forms.lifecycle import ActionReopenForm
from actions.models import Action, ProgressUpdate
from actions.permissions import may_update_progress
from inspections.tenancy import PartnershipRequest

PAGE = "actions/action_detail.html"


def action_or_404(request: PartnershipRequest, pk: int) -> Action:
    """The partnership's current (not withdrawn) action, with what its page names: 1 query."""
    return get_object_or_404(
        Action.objects.for_partnership(request.partnership).for_listing(), pk=pk
    )


def announce(message: str, *, level: str = "success") -> str:
    """Out-of-band swaps confirming an in-place save in words: a banner in the page's one
    notification region (as the no-JavaScript path shows) and the polite live region."""
    return render_to_string("includes/announce.html", {"message": message, "level": level})


def updates_of(action: Action) -> list[ProgressUpdate]:
    """The action's whole progress history, newest first, with the authors' names."""
    return list(action.updates.select_related("author").newest_first())


def page_context(
    request: PartnershipRequest,
    action: Action,
    updates: list[ProgressUpdate] | None = None,
    **forms: Any,
) -> dict[str, Any]:
    """The action page's context: the action, its progress history, and the forms of those
    who may change its progress (leaders, admins and its owner): the status form while it
    is open, the reopen form once it is complete."""
    return {
        "action": action,
        "may_update_progress": may_update_progress(request.membership, action),
        "updates": updates_of(action) if updates is None else updates,
        "status_form": forms.get("status_form") or ActionStatusForm.for_action(action),
        "reopen_form": forms.get("reopen_form") or ActionReopenForm(action=action),
        "update_form": forms.get("update_form") or ProgressUpdateForm(action=action),
        "conflict": forms.get("conflict"),
        "status_oob": forms.get("status_oob", False),
        "progress_oob": forms.get("progress_oob", False),
        "today": timezone.localdate(),
    }
