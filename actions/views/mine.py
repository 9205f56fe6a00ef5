"""The signed-in person's own open actions, across every partnership they belong to."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.selectors import my_open_actions
from inspections.tenancy import SignedInRequest


@require_GET
def my_actions(request: SignedInRequest) -> HttpResponse:
    """What I own and have still to do: overdue first, then by due date, with when each was
    last updated. Outside any partnership (the sign-in is all it needs: the query itself
    keeps to the person's own actions in partnerships they still belong to)."""
    return render(
        request,
        "actions/my_actions.html",
        {"actions": list(my_open_actions(user=request.user)), "today": timezone.localdate()},
    )
