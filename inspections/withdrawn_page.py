"""The page a withdrawn inspection's address shows: that it was withdrawn, when, by whom
and why, what went with it, and (for officers) a button to restore it.

Shared by the inspection page (`views.inspection_detail`) and the restore view, which shows
it again with the reason a restore was refused.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from inspections.inspection_withdrawal import withdrawn_together
from inspections.models import Inspection
from inspections.tenancy import PartnershipRequest


def withdrawn_inspection_page(
    request: PartnershipRequest, pk: int, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    """The withdrawn inspection `pk` of the partnership, or 404: 7 queries."""
    inspection = get_object_or_404(
        Inspection.all_objects.for_partnership(request.partnership)
        .filter(withdrawn_at__isnull=False)
        .select_related("withdrawn_by"),
        pk=pk,
    )
    by = inspection.withdrawn_by
    return render(
        request,
        "inspections/inspection_withdrawn.html",
        {
            "inspection": inspection,
            "withdrawn_by": (by.get_full_name() or by.get_username()) if by else "Unknown",
            "together": withdrawn_together(inspection),
            "refusal": refusal,
        },
        status=status,
    )
