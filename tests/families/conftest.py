"""A small world for the families page: one partnership with a member in every role, a
measure with figures, an expected inspection, and another partnership with its own member."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from actions.models import Measure
from families.models import FamilyItem, FamilyPage
from families.services import family_item_create, family_item_submit
from inspections.models import Deadline, Finding, Membership, Partnership
from tests.factories import (
    make_deadline,
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_partnership,
)


@dataclass
class World:
    partnership: Partnership
    other: Partnership
    users: dict[str, User]  # by role, and "stranger" (a leader of the other partnership)
    measure: Measure
    finding: Finding
    event: Deadline

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def draft(self, **kwargs) -> FamilyItem:
        kwargs.setdefault("kind", FamilyItem.Kind.DOING)
        kwargs.setdefault("title", "More staff to write plans")
        kwargs.setdefault("body", "We have taken on more staff.")
        return family_item_create(partnership=self.partnership, by=self.users["officer"], **kwargs)

    def awaiting(self, **kwargs) -> FamilyItem:
        item = self.draft(**kwargs)
        return family_item_submit(
            item=item, by=self.users["officer"], expected_version=item.version
        )

    def switch_on(self) -> None:
        FamilyPage.objects.update_or_create(
            partnership=self.partnership, defaults={"is_public": True}
        )
        Partnership.objects.filter(pk=self.partnership.pk).mark_changed()
        self.partnership.refresh_from_db()


@pytest.fixture
def world(db) -> World:
    partnership = make_partnership("Testshire")
    other = make_partnership("Otherford")
    users = {
        role: make_member(partnership, role=role)
        for role in ("board", "forum", "officer", "leader", "admin")
    }
    for role, user in users.items():
        user.first_name, user.last_name = "Pat", role.capitalize()
        user.save()
    users["stranger"] = make_member(other, role=Membership.Role.LEADER)
    measure = make_measure(
        partnership, values=3, name="Plans on time", england_average=50, higher_is_better=True
    )
    inspection = make_inspection(partnership)
    event = make_deadline(
        partnership,
        title="Monitoring inspection",
        source=Deadline.Source.FRAMEWORK,
        due_date=dt.date(2027, 5, 1),
        is_approximate=True,
    )
    return World(
        partnership=partnership,
        other=other,
        users=users,
        measure=measure,
        finding=make_finding(inspection),
        event=event,
    )
