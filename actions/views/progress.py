"""Where a partnership stands: the dashboard, and one finding with everything answering it."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from actions.forms import OwnerFilterForm
from actions.impact import RAG_RULE
from actions.progress import RAG_RULES, rag_reason
from actions.selectors import (
    CARD_VALUES,
    Dashboard,
    FindingPage,
    dashboard_get,
    finding_page_get,
    owner_choices,
)
from inspections.models import Finding
from inspections.tenancy import PartnershipRequest, partnership_view
from send_tracker.audit import history_page
from send_tracker.back import BackLink, back_link
from send_tracker.page_cache import cached_read
from send_tracker.templating import render_block_to_string

DASHBOARD_PAGE = "actions/dashboard.html"


@partnership_view
def dashboard(request: PartnershipRequest) -> HttpResponse:
    """Where are we: findings, deadlines, measures and recent updates; the action figures
    of everyone's actions, or of one owner's (`?owner=<user id>`)."""
    today = timezone.localdate()
    partnership = request.partnership
    owners = cached_read(partnership, lambda: owner_choices(partnership=partnership), "owners")
    form = OwnerFilterForm(request.GET or None, owners=owners)
    owner_id = form.owner_id()
    owner_name = form.owner_name()

    def read() -> tuple[Dashboard, str]:
        """What the page shows, and all below the owner filter rendered: the same for every
        member on the day for the same filter, and its tables cost more to draw than the
        rest of the page."""
        dash = dashboard_get(partnership=partnership, today=today, owner_id=owner_id)
        context = {
            "dash": dash,
            "today": today,
            "card_values": CARD_VALUES,
            # How each finding's overall RAG was worked out, from the rule that gave it.
            "rag_reason": rag_reason,
            "rag_rules": RAG_RULES,
            "owner_name": owner_name,
        }
        return dash, render_block_to_string(request, f"{DASHBOARD_PAGE}#dashboard-body", context)

    dash, body = cached_read(partnership, read, "dashboard", today, owner_id)
    return render(
        request,
        DASHBOARD_PAGE,
        {
            "dash": dash,
            "body_html": mark_safe(body),  # noqa: S308 (our own render)
            "today": today,
            "owner_form": form,
            "owner_name": owner_name,
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


FINDING_PAGE = "actions/finding_detail.html"


@partnership_view
def finding_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    """A finding with its judgements, actions by focus point, measures and updates (the
    newest first, a page at a time)."""
    before = _update_cursor(request.GET.get("before"))
    today = timezone.localdate()

    def read() -> tuple[Finding, FindingPage, str]:
        """What the page shows, and its actions and measures rendered: the same for every
        member on the day (which actions are overdue), and their tables cost more to draw
        than the rest of the page."""
        finding = get_object_or_404(
            Finding.objects.for_partnership(request.partnership)
            .with_record()
            .select_related("self_evaluation__recorded_by"),  # joined: no extra query
            pk=pk,
        )
        page = finding_page_get(partnership=request.partnership, finding=finding, before=before)
        context = {"finding": finding, "page": page, "today": today, "rag_rule": RAG_RULE}
        record = render_block_to_string(request, f"{FINDING_PAGE}#finding-record", context)
        return finding, page, record

    finding, page, record = cached_read(request.partnership, read, "finding", pk, before, today)
    return render(
        request,
        FINDING_PAGE,
        {
            "finding": finding,
            "record_html": mark_safe(record),  # noqa: S308 (our own render)
            # The partnership's own assessment (areas for priority action only), if recorded.
            "evaluation": getattr(finding, "self_evaluation", None),
            "page": page,
            "paged": before is not None,
            "today": today,
            "back": back_link(
                request,
                slug=request.partnership.slug,
                default=BackLink(
                    reverse("actions:dashboard", kwargs={"slug": request.partnership.slug}),
                    "Back to dashboard",
                ),
                exclude=frozenset({"actions:finding"}),
            ),
        },
    )


@partnership_view
@require_GET
def finding_history(request: PartnershipRequest, pk: int) -> HttpResponse:
    """Every recorded change to one finding, withdrawn or not (its history says who
    withdrew it and why; the way back is then its inspection's page)."""
    finding = get_object_or_404(Finding.all_objects.for_partnership(request.partnership), pk=pk)
    slug = request.partnership.slug
    if finding.is_withdrawn:
        back_url = reverse(
            "inspections:inspection", kwargs={"slug": slug, "pk": finding.inspection_id}
        )
    else:
        back_url = reverse("actions:finding", kwargs={"slug": slug, "pk": pk})
    return history_page(request, finding, subject=finding.title, kind="Finding", back_url=back_url)
