"""The last-admin rule under concurrency (security review finding 5): two admins demoting
or removing each other at the same moment leave one admin, on SQLite and PostgreSQL. Two
people accepting one invitation at once make one membership."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from actions.forms.members import NOBODY
from inspections.member_services import MemberChangeRefused, membership_change_role
from inspections.models import Membership, Partnership
from tests.clients import sign_in
from tests.test_races import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


def admins() -> list[str]:
    return sorted(
        Membership.objects.filter(partnership__slug="suffolk", role="admin").values_list(
            "user__username", flat=True
        )
    )


def two_admins() -> dict[str, Membership]:
    """suffolk-admin and suffolk-leader, both admins of Suffolk (again)."""
    suffolk = Partnership.objects.get(slug="suffolk")
    return {
        username: Membership.objects.update_or_create(
            user=get_user_model().objects.get(username=username),
            partnership=suffolk,
            defaults={"role": "admin"},
        )[0]
        for username in ("suffolk-admin", "suffolk-leader")
    }


@pytest.mark.parametrize("how", ["demote", "remove", "demote and remove"])
def test_two_admins_changing_each_other_at_once_leave_one_admin(how):
    """Each round, both admins act on the other at once. Whoever's request is second finds
    itself refused: by the role check if the first had finished before it began (403, or
    404 once removed), otherwise by the locked check (302 with the refusal). Never an
    error, never no admin."""
    from demo.loader import load_demo

    load_demo()
    clients = {name: sign_in(name) for name in ("suffolk-admin", "suffolk-leader")}
    removes = {"demote": (False, False), "remove": (True, True)}.get(how, (False, True))

    def change(actor: str, target: Membership, remove: bool) -> int:
        if remove:
            data = {"successor": NOBODY}
            return clients[actor].post(url("actions:member-remove", pk=target.pk), data).status_code
        data = {"role": "board"}
        return clients[actor].post(url("inspections:member-role", pk=target.pk), data).status_code

    for _ in range(6):
        memberships = two_admins()
        results = at_once(
            lambda m=memberships: change("suffolk-admin", m["suffolk-leader"], removes[0]),
            lambda m=memberships: change("suffolk-leader", m["suffolk-admin"], removes[1]),
        )
        assert all(result in (302, 403, 404) for result in results), results
        assert len(admins()) == 1, (results, admins())


def test_the_check_reads_both_memberships_again_under_the_lock():
    """What the lock protects: each request read both admins as admins before either
    changed anything; the second change, made with those stale rows, is refused."""
    from demo.loader import load_demo

    load_demo()
    memberships = two_admins()
    admin, leader = memberships["suffolk-admin"], memberships["suffolk-leader"]
    membership_change_role(membership=leader, role="board", by=admin.user)
    with pytest.raises(MemberChangeRefused, match="Only partnership admins"):
        membership_change_role(membership=admin, role="board", by=leader.user)
    leader.refresh_from_db()
    assert admins() == ["suffolk-admin"] and leader.role == "board"


def test_two_people_accepting_one_invitation_at_once_make_one_membership(settings):
    from demo.loader import load_demo

    load_demo()
    settings.SITE_URL = "http://testserver"
    sign_in("suffolk-admin").post(
        url("inspections:member-invite"),
        {"email": "twice@example.org", "full_name": "Twice Over", "role": "officer"},
    )
    match = re.search(r"/invitations/[A-Za-z0-9_-]+/", str(mail.outbox[0].body))
    assert match is not None
    link = match.group(0)
    data = {"new_password1": "a-long-test-password-42", "new_password2": "a-long-test-password-42"}
    results = at_once(
        lambda: Client().post(link, data).status_code, lambda: Client().post(link, data).status_code
    )
    # One joins (302). The other is refused (404) or, when it read the invitation as pending
    # just before the first committed and then found the new account, is asked to sign in
    # (200), where the used invitation is then refused: never a second membership.
    assert sorted(results) in ([302, 404], [200, 302]), results
    assert Membership.objects.filter(user__username="twice@example.org").count() == 1
