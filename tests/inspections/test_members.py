"""Partnership admins manage members and roles."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from inspections.models import Membership
from tests.clients import sign_in

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


@pytest.fixture
def admin_client(demo) -> Client:
    client = Client()
    sign_in("suffolk-admin", client)
    return client


def test_admin_sees_members_and_roles(admin_client):
    html = admin_client.get(url("inspections:members")).content.decode()
    for name in ("Demo Suffolk leader", "Demo Suffolk board member", "Demo Suffolk officer"):
        assert name in html
    assert "Partnership admin (you)" in html
    assert "Demo Bexley" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "full_name": "N B", "role": "board"}, "Enter an email address"),
        ({"email": "not-an-address", "full_name": "N B", "role": "board"}, "correct format"),
        ({"email": "n@example.org", "full_name": "", "role": "board"}, "Enter their full name"),
        ({"email": "n@example.org", "full_name": "N B", "role": "overlord"}, "from the list"),
        (
            {"email": "n@example.org", "full_name": "N" * 151, "role": "board"},
            "150 characters or fewer",
        ),
    ],
)
def test_bad_invitations_are_refused(admin_client, data, message):
    from inspections.models import Invitation

    users, members = get_user_model().objects.count(), Membership.objects.count()
    response = admin_client.post(url("inspections:member-invite"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert (get_user_model().objects.count(), Membership.objects.count()) == (users, members)
    assert not Invitation.objects.exists()


def test_admin_changes_a_role_and_removes_a_member(admin_client):
    board = Membership.objects.get(user__username="suffolk-board")
    admin_client.post(url("inspections:member-role", pk=board.pk), {"role": "officer"})
    board.refresh_from_db()
    assert board.role == "officer"
    # Removal asks first (a board member owns no actions: a plain confirmation).
    page = admin_client.get(url("actions:member-remove", pk=board.pk)).content.decode()
    assert "Remove Demo Suffolk board member from the partnership?" in page
    assert "owns no open actions" in page and 'name="successor"' not in page
    assert Membership.objects.filter(pk=board.pk).exists()
    response = admin_client.post(url("actions:member-remove", pk=board.pk), follow=True)
    assert "Demo Suffolk board member removed from Suffolk." in response.content.decode()
    assert not Membership.objects.filter(pk=board.pk).exists()
    assert get_user_model().objects.filter(username="suffolk-board").exists()  # account stays


def test_admin_cannot_demote_or_remove_themselves_or_the_last_admin(admin_client):
    me = Membership.objects.get(user__username="suffolk-admin")
    response = admin_client.post(
        url("inspections:member-role", pk=me.pk), {"role": "board"}, follow=True
    )
    assert "You cannot change your own role" in response.content.decode()
    for method in (admin_client.get, admin_client.post):
        response = method(url("actions:member-remove", pk=me.pk), follow=True)
        assert "You cannot remove yourself" in response.content.decode()
    me.refresh_from_db()
    assert me.role == "admin"
    # A second admin cannot demote the only other admin if that would leave none... but two
    # admins may demote each other one at a time, keeping one.
    leader = Membership.objects.get(user__username="suffolk-leader")
    admin_client.post(url("inspections:member-role", pk=leader.pk), {"role": "admin"})
    other = Client()
    sign_in("suffolk-leader", other)
    other.post(url("inspections:member-role", pk=me.pk), {"role": "leader"})
    me.refresh_from_db()
    assert me.role == "leader"  # allowed: suffolk-leader is still an admin
    leader.refresh_from_db()
    assert leader.role == "admin"


def test_membership_changes_are_audited(admin_client):
    board = Membership.objects.get(user__username="suffolk-board")
    admin_client.post(url("inspections:member-role", pk=board.pk), {"role": "officer"})
    record = board.history.order_by("-history_date").first()
    assert record.history_user.username == "suffolk-admin" and record.role == "officer"
