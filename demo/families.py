"""Suffolk's families page in the demo: switched on, a few items the demo forum account has
approved (all marked as demonstration text), and one draft awaiting its approval.

Idempotent: an item is found by its heading and left alone once it exists, so a second run
writes nothing (not even a new approval). Written through the families services, so each
item's history reads as it would had people done it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from actions.models import Measure
from families.models import FamilyItem, FamilyPage
from families.services import (
    family_item_approve,
    family_item_create,
    family_item_submit,
    family_page_save,
)
from inspections.models import Finding, Partnership
from inspections.upsert import WriteCount

Kind = FamilyItem.Kind

# (kind, heading, you said, body, finding (kind, number) or measure name, approve?)
SUFFOLK_ITEMS: list[tuple[str, str, str, str, tuple[str, int] | str | None, bool]] = [
    (
        Kind.FINDING,
        "Plans for children took too long",
        "",
        "In November 2023 inspectors found that many children waited too long for an "
        "education, health and care (EHC) plan. Some plans were not good enough. The "
        "council and the NHS were told to put this right quickly.",
        ("priority_action", 2),
        True,
    ),
    (
        Kind.DOING,
        "More staff to write plans",
        "",
        "We have taken on more staff to write EHC plans. Each family now has one named "
        "person to contact. We check every month how many plans are on time.",
        ("priority_action", 2),
        True,
    ),
    (
        Kind.YOU_SAID,
        "Hearing back about your plan",
        "You told us you did not know what was happening with your child's plan.",
        "We now send you a short update every four weeks until the plan is finished. You "
        "can ask for a call at any time.",
        None,
        True,
    ),
    (
        Kind.MEASURE,
        "Plans finished on time",
        "",
        "The law says a new EHC plan should be finished within 20 weeks. This figure shows "
        "how many new plans were finished in that time.",
        "New EHC plans issued within 20 weeks",
        True,
    ),
    (
        Kind.NEXT_EVENT,
        "When inspectors come back",
        "",
        "Inspectors will come back to check what has changed. We will tell you what they "
        "find on this page.",
        None,
        True,
    ),
    (
        Kind.PROGRESS,
        "Talking with families",
        "",
        "We have met with parents and carers in every part of the county. What you told us "
        "is shaping the new plan for services.",
        ("improvement", 2),
        False,  # left awaiting the forum's approval
    ),
]


def load_suffolk_families_page(count: WriteCount) -> None:
    """Switch the page on and add the demonstration items not there yet."""
    partnership = Partnership.objects.get(slug="suffolk")
    officer = get_user_model().objects.get(username="suffolk-officer")
    forum = get_user_model().objects.get(username="suffolk-forum")
    page = FamilyPage.objects.filter(partnership=partnership).first()
    if page is None or not page.is_public:
        family_page_save(
            partnership=partnership,
            is_public=True,
            target_reading_age=page.target_reading_age if page else 11,
        )
        count.updated += 1
    existing = set(FamilyItem.objects.for_partnership(partnership).values_list("title", flat=True))
    for position, (kind, title, said, body, about, approve) in enumerate(SUFFOLK_ITEMS):
        if title in existing:
            continue
        finding = measure = None
        if isinstance(about, tuple):
            finding = Finding.objects.filter(
                inspection__partnership=partnership, kind=about[0], number=about[1]
            ).latest("inspection__start_date")
        elif isinstance(about, str):
            measure = Measure.objects.get(partnership=partnership, name=about)
        item = family_item_create(
            partnership=partnership,
            by=officer,
            kind=kind,
            title=title,
            said=said,
            body=body,
            finding=finding,
            measure=measure,
            is_illustrative=True,
            position=position,
        )
        item = family_item_submit(item=item, by=officer, expected_version=item.version)
        if approve:
            family_item_approve(item=item, by=forum, expected_version=item.version)
        count.created += 1
