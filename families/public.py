"""The public page's content: approved snapshots only, rendered once and kept in the shared
cache until the partnership's records change.

The key names the partnership's `generation` (as `send_tracker.page_cache` does), which every
families service bumps in the same transaction as its write: an approval, a withdrawal, an
edit of an approved item or the page switched off shows on the next request in every
process, and a page built from data read just before such a change is stored under a key
nobody reads any more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string

from families.models import FamilyApproval, FamilyItem
from inspections.models import Partnership
from send_tracker.page_cache import TIMEOUT, release_fingerprint

# The page's sections, in its order: (kind, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    (FamilyItem.Kind.FINDING, "What inspectors found"),
    (FamilyItem.Kind.DOING, "What we are doing about it"),
    (FamilyItem.Kind.PROGRESS, "What has changed so far"),
    (FamilyItem.Kind.YOU_SAID, "You said, we did"),
    (FamilyItem.Kind.MEASURE, "The figures that matter to families"),
    (FamilyItem.Kind.NEXT_EVENT, "What happens next"),
)


@dataclass
class Section:
    kind: str
    heading: str
    approvals: list[FamilyApproval] = field(default_factory=list)


def public_partnership(slug: str) -> Partnership | None:
    """The partnership with this slug if its families page is switched on: 1 query."""
    return (
        Partnership.objects.filter(slug=slug, family_page__is_public=True)
        .only("pk", "name", "slug", "is_demo", "generation")
        .first()
    )


def public_approvals(partnership: Partnership) -> list[FamilyApproval]:
    """The approvals the page shows: each approved item's current approval, never an item's
    own (live) text; demonstration text only on a demo partnership. 1 query."""
    current = FamilyItem.objects.filter(
        partnership=partnership, status=FamilyItem.Status.APPROVED
    ).values("approval_id")
    approvals = FamilyApproval.objects.filter(partnership=partnership, pk__in=current)
    if not partnership.is_demo:
        approvals = approvals.filter(is_illustrative=False)
    return list(approvals.order_by("position", "approved_at", "pk"))


def sections_of(approvals: list[FamilyApproval]) -> list[Section]:
    """The page's sections that have something to show, in the page's order."""
    sections = {kind: Section(kind, heading) for kind, heading in SECTIONS}
    for approval in approvals:
        sections[approval.kind].approvals.append(approval)
    return [s for s in sections.values() if s.approvals]


def _cache_key(partnership: Partnership) -> str:
    return f"families:{release_fingerprint()}:{partnership.pk}:{partnership.generation}"


def public_page_html(partnership: Partnership) -> str:
    """The whole page, from the shared cache or built (1 query) and kept there."""
    key = _cache_key(partnership)
    html = cache.get(key)
    if html is None:
        approvals = public_approvals(partnership)
        context = {
            "public_partnership": partnership,
            "sections": sections_of(approvals),
            "last_approved": max((a.approved_at for a in approvals), default=None),
        }
        # No request: no context processors, so nothing touches the session, the CSRF
        # token or messages, and the answer sets no cookie.
        html = render_to_string("families/public.html", context)
        cache.set(key, html, TIMEOUT)
    return str(html)
