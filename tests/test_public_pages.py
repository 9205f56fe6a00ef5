"""Pages outside any partnership that need no sign-in (`PUBLIC` in tests/test_access.py):
the invitation link. They must reveal nothing to someone without a working link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.models import Invitation
from inspections.models.invitation import new_token, token_hash
from tests.clients import same_for_every_request, sign_in
from tests.test_access import PUBLIC, suffolk_invitation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username", [None, "suffolk-board", "suffolk-admin", "bexley-leader", "bexley-board"]
)
def test_public_pages_reveal_nothing(demo, username):
    """The invitation link opens without signing in. A link that does not work, whether
    unknown, cancelled or expired, gets one page, the same for everyone, naming no
    partnership, address or person; a working one answers anonymous visitors too."""
    token = new_token()
    invitation = Invitation.objects.get(pk=suffolk_invitation())
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    client = Client() if username is None else sign_in(username)
    name = "inspections:invitation-accept"
    assert name in PUBLIC
    pages = set()
    for state in ("unknown", "cancelled", "expired"):
        if state == "cancelled":
            Invitation.objects.filter(pk=invitation.pk).update(cancelled_at=timezone.now())
        if state == "expired":
            Invitation.objects.filter(pk=invitation.pk).update(
                cancelled_at=None, expires_at=timezone.now()
            )
        target = reverse(name, kwargs={"token": new_token() if state == "unknown" else token})
        for method in (client.get, client.post):
            response = method(target)
            assert response.status_code in (403, 404), (state, method.__name__)
            html = response.content.decode()
            if response.status_code == 404:
                pages.add(same_for_every_request(html))
    assert len(pages) == 1
    (html,) = pages
    assert "This invitation link does not work" in html
    for secret in ("Suffolk", "invited@example.org", "Invited Person", "Officer"):
        assert secret not in html.split("<main")[1], secret
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.expires_at)
    assert Client().get(reverse(name, kwargs={"token": token})).status_code == 200
