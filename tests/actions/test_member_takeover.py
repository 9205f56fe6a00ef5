"""Removing a member asks who takes over the open actions they own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from inspections.models import Membership, Partnership
from tests.clients import sign_in
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def remove_url(membership: Membership, slug: str = "suffolk") -> str:
    return reverse("actions:member-remove", kwargs={"slug": slug, "pk": membership.pk})


def member(username: str) -> Membership:
    return Membership.objects.select_related("user").get(user__username=username)


def officers_open_actions() -> list[Action]:
    """In the demo, suffolk-officer owns four open actions."""
    return list(Action.objects.filter(owner__username="suffolk-officer").exclude(status="complete"))


@pytest.fixture
def admin(demo) -> Client:
    return sign_in("suffolk-admin")


def test_the_page_says_how_many_and_offers_those_who_may_own(admin):
    actions = officers_open_actions()
    assert len(actions) == 4
    html = admin.get(remove_url(member("suffolk-officer"))).content.decode()
    assert "Remove Demo Suffolk officer from the partnership?" in html
    assert "Demo Suffolk officer owns 4 open actions here." in html
    assert "Who takes over Demo Suffolk officer&#39;s 4 open actions?" in html
    offered = html.split("<legend")[1].split("</fieldset>")[0]
    assert "Demo Suffolk leader (Partnership leader)" in offered
    assert "Demo Suffolk admin (Partnership admin)" in offered
    assert "Nobody: leave them without an owner" in offered
    assert "board member" not in offered  # board members may not own actions
    assert "Demo Suffolk officer (" not in offered  # not the person leaving
    assert Membership.objects.filter(user__username="suffolk-officer").exists()  # only asked


REQUIRED = "Choose who takes over Demo Suffolk officer&#39;s open actions"
NOT_OFFERED = "Choose a member from the list, or nobody: that person cannot take them over"


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (None, REQUIRED),
        ("", REQUIRED),
        ("999999", NOT_OFFERED),
        ("not-a-number", NOT_OFFERED),
        ("board", NOT_OFFERED),
        ("other partnership", NOT_OFFERED),
    ],
)
def test_a_missing_or_impossible_choice_is_refused_and_changes_nothing(admin, choice, message):
    officer = member("suffolk-officer")
    before = {a.pk: (a.owner_id, a.version) for a in officers_open_actions()}
    generation = Partnership.objects.get(slug="suffolk").generation
    if choice == "board":
        choice = str(member("suffolk-board").pk)
    elif choice == "other partnership":
        choice = str(member("bexley-leader").pk)
    data = {} if choice is None else {"successor": choice}
    response = admin.post(remove_url(officer), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert Membership.objects.filter(pk=officer.pk).exists()
    assert {a.pk: (a.owner_id, a.version) for a in officers_open_actions()} == before
    assert Partnership.objects.get(slug="suffolk").generation == generation


def test_the_chosen_member_takes_over_with_history_and_new_versions(admin):
    officer, leader = member("suffolk-officer"), member("suffolk-leader")
    actions = officers_open_actions()
    completed = Action.objects.filter(owner=officer.user, status="complete").count()
    generation = Partnership.objects.get(slug="suffolk").generation
    response = admin.post(remove_url(officer), {"successor": str(leader.pk)}, follow=True)
    html = response.content.decode()
    assert "Demo Suffolk officer removed from Suffolk." in html
    assert "Demo Suffolk leader now owns their 4 open actions." in html
    assert not Membership.objects.filter(pk=officer.pk).exists()
    for action in actions:
        fresh = Action.objects.get(pk=action.pk)
        assert fresh.owner_id == leader.user_id
        assert fresh.version == action.version + 1  # an open form on it is now stale
        latest = fresh.history.order_by("-history_date", "-history_id").first()
        assert latest.owner_id == leader.user_id
        assert latest.history_user.username == "suffolk-admin"
    # Completed actions keep their owner: they are the record of who did them.
    assert Action.objects.filter(owner=officer.user, status="complete").count() == completed
    assert Partnership.objects.get(slug="suffolk").generation > generation
    # The account stays.
    assert type(officer.user).objects.filter(pk=officer.user_id).exists()


def test_nobody_leaves_them_without_an_owner(admin):
    officer = member("suffolk-officer")
    actions = officers_open_actions()
    response = admin.post(remove_url(officer), {"successor": "nobody"}, follow=True)
    assert "Their 4 open actions now have no owner." in response.content.decode()
    assert not Action.objects.filter(pk__in=[a.pk for a in actions], owner__isnull=False).exists()


def test_actions_owned_in_another_partnership_are_not_touched(admin):
    """The officer also owns a Bexley action: leaving Suffolk hands over only Suffolk's."""
    officer = member("suffolk-officer")
    bexley_action = Action.objects.filter(plan__partnership__slug="bexley")[0]
    Action.objects.filter(pk=bexley_action.pk).update(owner=officer.user)
    admin.post(remove_url(officer), {"successor": "nobody"})
    bexley_action.refresh_from_db()
    assert bexley_action.owner_id == officer.user_id


def test_actions_gained_after_the_page_was_shown_are_asked_about(admin):
    """The confirmation was shown when the board member owned nothing; by the time it is
    sent they own an action: nothing is removed, and the page asks who takes it over."""
    board = member("suffolk-board")
    html = admin.get(remove_url(board)).content.decode()
    assert "owns no open actions" in html and 'name="successor"' not in html
    action = Action.objects.filter(plan__partnership__slug="suffolk").exclude(status="complete")[0]
    Action.objects.filter(pk=action.pk).update(owner=board.user)
    response = admin.post(remove_url(board), {})
    assert response.status_code == 200
    assert "Choose who takes over Demo Suffolk board member&#39;s open actions" in (
        response.content.decode()
    )
    assert Membership.objects.filter(pk=board.pk).exists()


def test_only_admins_and_only_their_own_partnership(admin):
    officer = member("suffolk-officer")
    for username in ("suffolk-board", "suffolk-officer", "suffolk-leader"):
        client = sign_in(username)
        assert client.get(remove_url(officer)).status_code == 403
        assert client.post(remove_url(officer), {"successor": "nobody"}).status_code == 403
    assert Client().get(remove_url(officer)).status_code == 302  # to sign in
    # Bexley's admin, by Bexley's slug with a Suffolk membership, and by Suffolk's slug: 404.
    bexley = Partnership.objects.get(slug="bexley")
    bexley_admin = Client()
    bexley_admin.force_login(make_member(bexley, role=Membership.Role.ADMIN))
    assert bexley_admin.get(remove_url(officer, slug="bexley")).status_code == 404
    assert (
        bexley_admin.post(remove_url(officer, slug="bexley"), {"successor": "nobody"}).status_code
        == 404
    )
    assert bexley_admin.get(remove_url(officer)).status_code == 404
    assert Membership.objects.filter(pk=officer.pk).exists()


def test_withdrawn_open_actions_go_to_the_successor_too(admin):
    """A withdrawn open action of the removed member, restored later, must not come back
    owned by someone who is no longer a member: it is handed over with the current ones."""
    officer, leader = member("suffolk-officer"), member("suffolk-leader")
    withdrawn, *current = officers_open_actions()
    Action.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded twice."
    )
    done = Action.objects.filter(plan__partnership__slug="suffolk", status="complete")[0]
    Action.objects.filter(pk=done.pk).update(owner=officer.user)
    response = admin.post(remove_url(officer), {"successor": str(leader.pk)}, follow=True)
    # The message counts the actions on the pages, as the confirmation did.
    assert "Demo Suffolk leader now owns their 3 open actions." in response.content.decode()
    fresh = Action.all_objects.get(pk=withdrawn.pk)
    assert fresh.is_withdrawn
    assert fresh.owner_id == leader.user_id
    assert fresh.version == withdrawn.version + 1
    assert all(Action.objects.get(pk=a.pk).owner_id == leader.user_id for a in current)
    # A completed action keeps its owner as the record of who did it.
    assert Action.objects.get(pk=done.pk).owner_id == officer.user_id
