"""The page benchmark measures each page at its heaviest as people see it: withdrawn actions
and judgements, which leave the pages, do not make a finding or a partnership look heavier
(review finding 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from devtools.benchmark.pages import largest, page_urls
from inspections.models import Inspection, Judgement
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_judgement,
    make_partnership,
    make_plan,
    make_update,
)

pytestmark = pytest.mark.django_db


def withdraw(*rows: Action | Judgement) -> None:
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(
            withdrawn_at=timezone.now(), withdrawal_reason="Recorded by mistake."
        )


def test_the_heaviest_finding_is_counted_without_withdrawn_actions_or_judgements():
    partnership = make_partnership()
    full = make_inspection(partnership)
    monitoring = make_inspection(partnership, kind=Inspection.Kind.MONITORING, follows=full)
    plan = make_plan(partnership)
    busy, quiet = make_finding(full), make_finding(full)
    # On the pages `quiet` has a judgement and an action, `busy` neither: its three actions
    # and its judgement are withdrawn.
    withdraw(*(make_action(plan, busy) for _ in range(3)), make_judgement(busy, monitoring))
    make_action(plan, quiet)
    make_judgement(quiet, monitoring)
    finding_url = page_urls(partnership)["finding"]
    assert finding_url == reverse(
        "actions:finding", kwargs={"slug": partnership.slug, "pk": quiet.pk}
    )


def test_the_largest_partnership_is_counted_without_the_updates_of_withdrawn_actions():
    withdrawn_heavy, current_heavy = make_partnership(), make_partnership()
    for partnership, updates in ((withdrawn_heavy, 5), (current_heavy, 2)):
        action = make_action(make_plan(partnership), make_finding(make_inspection(partnership)))
        for _ in range(updates):
            make_update(action)
        if partnership == withdrawn_heavy:
            withdraw(action)
    assert largest([withdrawn_heavy, current_heavy]) == current_heavy
