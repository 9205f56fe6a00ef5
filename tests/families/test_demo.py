"""The demo's families page: Suffolk's is on, with demonstration items the forum approved
and one awaiting it; loading the demo again changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from demo.loader import load_demo
from families.models import FamilyApproval, FamilyItem, FamilyItemEvent
from inspections.models import Membership

pytestmark = pytest.mark.django_db


def test_suffolk_has_a_public_page_and_an_item_awaiting_the_forum(demo):
    items = FamilyItem.objects.filter(partnership__slug="suffolk")
    assert items.filter(status="approved").count() == 5
    assert items.filter(status="awaiting").count() == 1
    assert all(item.is_illustrative for item in items)
    forum = Membership.objects.get(user__username="suffolk-forum")
    assert forum.role == Membership.Role.FORUM and forum.can_approve_for_families
    html = Client().get(reverse("families:public", kwargs={"slug": "suffolk"})).content.decode()
    tags = re.findall(r'govuk-tag--purple">\s*Demonstration text\s*</strong>', html)
    assert "Demonstration page." in html and len(tags) == 5
    assert "Talking with families" not in html  # awaiting the forum
    assert Client().get(reverse("families:public", kwargs={"slug": "bexley"})).status_code == 404
    counts = (
        FamilyItem.objects.count(),
        FamilyApproval.objects.count(),
        FamilyItemEvent.objects.count(),
    )
    again = load_demo()
    assert (again.created, again.updated) == (0, 0)
    assert counts == (
        FamilyItem.objects.count(),
        FamilyApproval.objects.count(),
        FamilyItemEvent.objects.count(),
    )
