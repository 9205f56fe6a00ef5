"""Password reset by email: Django's views in the product's words, throttled per address and
per network, saying the same whether or not an account exists, with a link built from
SITE_URL."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from send_tracker import accounts
from tests.clients import same_for_every_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db) -> User:
    return User.objects.create_user(
        "jane", email="jane@example.org", password="old-Password-2026", first_name="Jane"
    )


def ask(email: str, address: str = "10.1.1.1", client: Client | None = None):
    return (client or Client()).post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=address
    )


def link_in(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_sign_in_page_offers_a_reset(db):
    html = Client().get(reverse("login")).content.decode()
    assert reverse("password_reset") in html
    assert "Forgotten your password?" in html


def test_a_reset_from_request_to_new_password(person):
    page = Client().get(reverse("password_reset"))
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    response = ask("Jane@Example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your email" in Client().get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["jane@example.org"]
    assert message.subject == "Reset your SEND Tracker password"
    assert "jane" in message.body
    client = Client()
    form = client.get(link_in(message), follow=True)
    assert "Choose a new password" in form.content.decode()
    target = form.redirect_chain[-1][0]
    # The product's own messages, not Django's.
    mismatch = client.post(
        target, {"new_password1": "new-Secret-words-9", "new_password2": "other-Secret-9"}
    )
    assert "The two passwords do not match" in mismatch.content.decode()
    done = client.post(
        target, {"new_password1": "new-Secret-words-9", "new_password2": "new-Secret-words-9"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password("new-Secret-words-9")
    # The link works once.
    again = Client().get(link_in(message), follow=True)
    assert "This link does not work" in again.content.decode()


@override_settings(SITE_URL="https://send-tracker.example")
def test_the_link_comes_from_site_url_not_the_host_header(person):
    Client().post(reverse("password_reset"), {"email": "jane@example.org"}, HTTP_HOST="testserver")
    (message,) = mail.outbox
    assert "https://send-tracker.example/accounts/reset/" in message.body
    assert "testserver" not in message.body


def test_no_account_gets_the_same_answer_and_no_email(person):
    known = ask("jane@example.org", address="10.1.1.2")
    unknown = ask("nobody@example.org", address="10.1.1.3")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_bad_input_gets_a_clear_message(db):
    response = ask("not an address")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter an email address in the correct format" in html
    assert "There is a problem" in html
    assert "Enter your email address" in ask("").content.decode()
    assert not mail.outbox


def test_one_address_gets_at_most_three_emails_an_hour(person):
    for n in range(6):
        response = ask("jane@example.org", address=f"10.2.0.{n}")
        # The same answer throughout: nobody learns the limit was reached for this address.
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == accounts.RESET_LIMIT_PER_ADDRESS


def test_one_network_is_refused_past_its_limit(person):
    for n in range(accounts.RESET_LIMIT_PER_NETWORK):
        assert ask(f"someone-{n}@example.org", address="10.3.3.3").status_code == 302
    refused = ask("jane@example.org", address="10.3.3.3")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert not mail.outbox
    # Another network is unaffected.
    assert ask("jane@example.org", address="10.3.3.4").status_code == 302
    assert len(mail.outbox) == 1


def test_the_throttle_keeps_no_address_in_the_cache(person):
    ask("jane@example.org")
    key = accounts._address_key("jane@example.org")
    assert "jane" not in key and cache.get(key) == 1


def test_the_refusal_for_every_address_looks_the_same(person):
    """Known and unknown addresses get byte-identical pages after the redirect."""
    pages = {
        same_for_every_request(ask(email, address=f"10.4.0.{n}", client=Client()).content.decode())
        for n, email in enumerate(["jane@example.org", "nobody@example.org"])
    }
    assert len(pages) == 1


def test_changing_a_password_signed_in_uses_the_products_words(person):
    client = Client()
    client.force_login(person)
    page = client.get(reverse("password_change"))
    html = page.content.decode()
    assert "Change your password" in html
    assert "Current password" in html
    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "new-Secret-words-9",
            "new_password2": "new-Secret-words-9",
        },
    )
    assert "Your current password is not right" in wrong.content.decode()
    ok = client.post(
        reverse("password_change"),
        {
            "old_password": "old-Password-2026",
            "new_password1": "new-Secret-words-9",
            "new_password2": "new-Secret-words-9",
        },
    )
    assert ok.status_code == 302
    assert "Your password has been changed" in client.get(ok["Location"]).content.decode()
