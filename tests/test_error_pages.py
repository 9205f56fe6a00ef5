"""Error pages in the product's style with a way back, and `Cache-Control: no-store` on
every signed-in page and every PDF."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from send_tracker import errors
from tests.clients import sign_in
from tests.test_access import INFORMATION, url_for

pytestmark = pytest.mark.django_db


def _styled(html: str) -> None:
    """The product's layout: its header, footer links and stylesheet."""
    assert '<header class="app-header"' in html
    assert "css/app.css" in html
    assert reverse("accessibility") in html


def test_404_is_in_style_with_a_way_back(demo):
    client = sign_in("suffolk-board")
    response = client.get("/p/suffolk/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _styled(html)
    assert "Page not found" in html
    assert f'href="{reverse("home")}"' in html
    # Another partnership's page: the same page, naming nothing of it.
    response = client.get(url_for("actions:list", slug="bexley"))
    assert response.status_code == 404
    assert "Bexley" not in response.content.decode()


def test_404_for_someone_signed_out_offers_the_sign_in_page(db):
    response = Client().get("/accounts/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _styled(html)
    assert f'href="{reverse("login")}"' in html


def test_403_says_why_and_links_to_the_partnership(demo):
    client = sign_in("suffolk-board")
    response = client.get(url_for("actions:create"))
    assert response.status_code == 403
    html = response.content.decode()
    _styled(html)
    assert "You cannot do that" in html
    assert "Only officers and leaders can change the record." in html
    assert reverse("inspections:partnership", kwargs={"slug": "suffolk"}) in html


def test_expired_form_gets_the_products_403(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    _styled(html)
    assert "Your form has expired" in html


def test_400_and_500_pages_render_in_style(db):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    bad = errors.bad_request(request, SuspiciousOperation("x"))
    assert bad.status_code == 400
    _styled(bad.content.decode())
    assert "problem with that request" in bad.content.decode()
    # The 500 page reads nothing from the request or the database.
    failed = errors.server_error(RequestFactory().get("/"))
    assert failed.status_code == 500
    _styled(failed.content.decode())
    assert "problem with the service" in failed.content.decode()
    denied = errors.permission_denied(request, PermissionDenied())
    assert "Your role in this partnership does not allow it." in denied.content.decode()


@override_settings(DEBUG=False)
def test_an_unhandled_error_answers_with_the_500_page(demo, monkeypatch):
    from inspections import views

    monkeypatch.setattr(views, "selectors", None)  # the overview's reads now fail
    client = sign_in("suffolk-board")
    client.raise_request_exception = False
    response = client.get(url_for("inspections:partnership"))
    assert response.status_code == 500
    assert "problem with the service" in response.content.decode()


@override_settings(AXES_ENABLED=True)
def test_the_sign_in_lockout_is_a_styled_429_with_a_reset_link(demo):
    client = Client()
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": "suffolk-leader", "password": "wrong-password-1"}
        )
    assert response.status_code == 429
    html = response.content.decode()
    _styled(html)
    assert reverse("password_reset") in html
    assert reverse("login") in html


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "name",
    [
        "inspections:partnership",
        "actions:dashboard",
        "actions:list",
        "actions:action",
        "inspections:activity",
        "inspections:deadlines",
        "actions:measures",
    ],
)
def test_signed_in_pages_are_never_stored(demo, name):
    response = sign_in("suffolk-admin").get(url_for(name))
    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


def test_signed_in_personal_and_error_pages_are_never_stored(demo):
    client = sign_in("suffolk-board")
    assert _no_store(client.get(reverse("actions:my-actions")))
    assert _no_store(client.get("/p/suffolk/no-such-page/"))
    assert _no_store(client.get(url_for("actions:create")))  # 403


def test_pdfs_are_never_stored(demo):
    client = sign_in("suffolk-board")
    for name in ("inspections:letter", "actions:pack-download"):
        response = client.get(url_for(name))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/pdf"), name
        assert _no_store(response), name


def test_public_pages_are_left_to_their_own_headers(db):
    """Pages for anyone are not marked no-store for someone signed out (the sign-in page
    keeps Django's own never-cache headers)."""
    client = Client()
    for name in INFORMATION:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert not _no_store(response), name
    assert _no_store(client.get(reverse("login")))
