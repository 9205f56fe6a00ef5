"""Adding a member is an invitation by email address (security review finding 5): the
admin's reply is the same whether or not the address has an account anywhere; the invitee
accepts from the link, with a new account or by signing in to theirs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.models import Invitation, Membership, Partnership
from inspections.models.invitation import token_hash
from tests.clients import same_for_every_request, sign_in
from tests.factories import PASSWORD, make_member, make_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/invitations/([A-Za-z0-9_-]+)/")


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


@pytest.fixture
def admin(demo) -> Client:
    return sign_in("suffolk-admin")


def invite(client: Client, email: str, role: str = "officer", name: str = "Sam Jones"):
    return client.post(
        url("inspections:member-invite"),
        {"email": email, "full_name": name, "role": role},
        follow=True,
    )


def last_token() -> str:
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def accept_url(token: str) -> str:
    return reverse("inspections:invitation-accept", kwargs={"token": token})


def members_of(email: str) -> list[tuple[str, str]]:
    return list(
        Membership.objects.filter(user__email=email).values_list("partnership__slug", "role")
    )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_an_invitation_is_emailed_with_its_link_and_only_its_hash_is_stored(admin):
    response = invite(admin, "Sam.Jones@Example.org")
    assert "Invitation sent to sam.jones@example.org." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["sam.jones@example.org"]
    assert "Suffolk Local Area Partnership" in message.subject
    assert "as Officer" in message.body and "Demo Suffolk admin" in message.body
    token = last_token()
    invitation = Invitation.objects.get(email="sam.jones@example.org")
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
    assert invitation.invited_by is not None
    assert invitation.invited_by.username == "suffolk-admin"
    # Listed as pending on the members page.
    row = admin.get(url("inspections:members")).content.decode()
    row = row.split(f'id="invitation-{invitation.pk}"')[1].split("</tr>")[0]
    for text in (
        "sam.jones@example.org",
        "Sam Jones",
        "Officer",
        "Send again",
        "Cancel invitation",
    ):
        assert text in row


def test_the_reply_is_the_same_for_an_account_elsewhere_and_an_unknown_address(admin):
    """bexley-board's address, and an address nobody has: byte for byte the same reply
    (apart from the address and the CSRF token), and the same email."""
    get_user_model().objects.filter(username="bexley-board").update(email="bb@example.org")

    def reply(email: str) -> tuple[int, str, str]:
        """The POST's answer, and the page it leads to with only what differs from one
        request to the next taken out: the address, the CSRF token, the CSP nonce and the
        new invitation's id. Each invitation is sent to the same state of the database."""
        with transaction.atomic():
            answer = admin.post(
                url("inspections:member-invite"),
                {"email": email, "full_name": "Sam Jones", "role": "officer"},
            )
            page = admin.get(answer["Location"]).content.decode().replace(email, "ADDRESS")
            transaction.set_rollback(True)
        assert not Invitation.objects.exists()  # nothing kept: the next starts the same
        page = re.sub(r"invitations?[-/]\d+", "", same_for_every_request(page))
        return answer.status_code, answer["Location"], answer.content.decode() + page

    existing, unknown = reply("bb@example.org"), reply("nobody@example.org")
    assert existing == unknown
    assert "Invitation sent to ADDRESS." in existing[2]
    assert "Demo Bexley" not in existing[2] and "bexley-board" not in existing[2]
    first, second = mail.outbox
    assert first.subject == second.subject
    assert LINK.sub("", str(first.body)) == LINK.sub("", str(second.body))
    assert members_of("bb@example.org") == [("bexley", "board")]  # nothing joined yet


def test_a_member_of_this_partnership_is_named_as_such(admin):
    leader = get_user_model().objects.get(username="suffolk-leader")
    leader.email = "leader@example.org"
    leader.save()
    response = invite(admin, "LEADER@example.org")
    assert "leader@example.org is already a member of the partnership" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_invitee_chooses_a_password_and_joins(admin):
    invite(admin, "new@example.org", role="leader", name="Nia Ward Evans")
    token = last_token()
    visitor = Client()
    page = visitor.get(accept_url(token)).content.decode()
    assert "Join Suffolk Local Area Partnership" in page and "Choose a password" in page
    weak = visitor.post(
        accept_url(token), {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"}
    )
    assert weak.status_code == 200 and "govuk-error-summary" in weak.content.decode()
    assert "aaaaaaaaaaaa" not in weak.content.decode()  # never written back
    assert not get_user_model().objects.filter(username="new@example.org").exists()
    response = visitor.post(
        accept_url(token), {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("inspections:partnership")
    assert "You have joined Suffolk Local Area Partnership as Partnership leader." in (
        response.content.decode()
    )
    user = get_user_model().objects.get(username="new@example.org")
    assert (user.email, user.get_full_name()) == ("new@example.org", "Nia Ward Evans")
    assert user.check_password(PASSWORD)
    assert members_of("new@example.org") == [("suffolk", "leader")]
    assert Invitation.objects.get().accepted_by == user
    assert 'id="invitation-' not in admin.get(url("inspections:members")).text
    # The link cannot be used twice: by someone else, it is the page for a link that fails.
    again = Client().post(accept_url(token), {"new_password1": "x", "new_password2": "x"})
    assert again.status_code == 404 and "This invitation link does not work" in again.text
    # The person who joined, following it again, is taken to the partnership.
    assert visitor.get(accept_url(token))["Location"] == url("inspections:partnership")
    assert members_of("new@example.org") == [("suffolk", "leader")]


def test_an_existing_account_signs_in_to_accept(admin):
    bexley_board = get_user_model().objects.get(username="bexley-board")
    bexley_board.email = "bb@example.org"
    bexley_board.save()
    invite(admin, "bb@example.org", role="officer")
    token = last_token()
    anonymous = Client().get(accept_url(token)).content.decode()
    assert "Sign in to accept" in anonymous and "Choose a password" not in anonymous
    assert f"/accounts/login/?next=%2Finvitations%2F{token}%2F" in anonymous
    # Signed in as somebody else: nothing to accept with.
    other = sign_in("bexley-leader")
    assert "is not the account for bb@example.org" in other.get(accept_url(token)).text
    assert other.post(accept_url(token)).status_code == 200
    assert members_of("bb@example.org") == [("bexley", "board")]
    owner = sign_in("bexley-board")
    assert "Accept and join" in owner.get(accept_url(token)).text
    response = owner.post(accept_url(token))
    assert response["Location"] == url("inspections:partnership")
    assert sorted(members_of("bb@example.org")) == [("bexley", "board"), ("suffolk", "officer")]
    # Idempotent: posting again changes nothing.
    assert owner.post(accept_url(token))["Location"] == url("inspections:partnership")
    assert Membership.objects.filter(user=bexley_board).count() == 2


def test_an_expired_or_cancelled_link_is_refused(admin):
    invite(admin, "late@example.org")
    token = last_token()
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    for method in (Client().get, Client().post):
        assert method(accept_url(token), data).status_code == 404
    assert not get_user_model().objects.filter(username="late@example.org").exists()
    page = admin.get(url("inspections:members")).content.decode()
    assert "Expired" in page
    # Sent again: a new link with a new expiry; the old link stays dead.
    response = admin.post(url("inspections:invitation-resend", pk=invitation.pk), follow=True)
    assert "Invitation sent again to late@example.org." in response.content.decode()
    new_token = last_token()
    assert new_token != token and len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    assert Client().get(accept_url(token)).status_code == 404
    assert Client().get(accept_url(new_token)).status_code == 200
    # Cancelled: the link stops working; the invitation leaves the list.
    response = admin.post(url("inspections:invitation-cancel", pk=invitation.pk), follow=True)
    assert "Invitation to late@example.org cancelled." in response.content.decode()
    assert Client().post(accept_url(new_token), data).status_code == 404
    assert not get_user_model().objects.filter(username="late@example.org").exists()
    assert 'id="invitation-' not in admin.get(url("inspections:members")).content.decode()
    # Cancelled ones can be neither cancelled nor sent again.
    assert admin.post(url("inspections:invitation-resend", pk=invitation.pk)).status_code == 404
    assert invitation.history.count() >= 3


def test_inviting_an_address_again_renews_its_one_open_invitation(admin):
    invite(admin, "twice@example.org", role="board")
    first = last_token()
    invite(admin, "twice@example.org", role="officer")
    invitation = Invitation.objects.get()
    assert invitation.role == "officer" and invitation.token_hash == token_hash(last_token())
    assert Client().get(accept_url(first)).status_code == 404


def test_other_partnerships_invitations_are_not_theirs(demo):
    """An admin of another partnership cannot see, cancel or resend Suffolk's invitations."""
    bexley = Partnership.objects.get(slug="bexley")
    other_admin = make_member(bexley, role=Membership.Role.ADMIN, user=make_user())
    client = Client()
    client.force_login(other_admin)
    sign_in("suffolk-admin", Client())
    suffolk_admin = sign_in("suffolk-admin")
    invite(suffolk_admin, "x@example.org")
    pk = Invitation.objects.get().pk
    for name in ("inspections:invitation-cancel", "inspections:invitation-resend"):
        response = client.post(reverse(name, kwargs={"slug": "bexley", "pk": pk}))
        assert response.status_code == 404
    assert (
        "x@example.org"
        not in client.get(reverse("inspections:members", kwargs={"slug": "bexley"})).text
    )
    assert Invitation.objects.get().cancelled_at is None and len(mail.outbox) == 1


def test_query_budgets(admin, django_assert_max_num_queries):
    """The members page and the link's page read a fixed number of queries, whatever the
    number of invitations."""
    for n in (1, 12):
        for i in range(n):
            invite(admin, f"p{n}-{i}@example.org")
        with django_assert_max_num_queries(9):
            admin.get(url("inspections:members"))
        with django_assert_max_num_queries(3):
            Client().get(accept_url(last_token()))
