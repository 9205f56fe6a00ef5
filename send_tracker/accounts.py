"""Signing in, changing and resetting a password: Django's own views, in the product's words.

Password reset by email is throttled per address and per network (client address), in the
shared cache with a one-hour window: past the address limit nothing more is sent to it and
the page says the same as always (no one learns whether an account exists); past the
network limit the page says to wait. The email goes out from a background task, so how long
the request takes does not reveal whether an account exists either. Its link is built from
SITE_URL, never from the request's Host header.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.tasks import task
from django.urls import path, reverse_lazy

from send_tracker.client_ip import client_ip_address

RESET_WINDOW_SECONDS = 60 * 60
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_NETWORK = 10

PASSWORD_HINT = (
    "Use at least 12 characters, with at least 5 different ones. Do not use a common "
    "password, a password that is only numbers, or one like your name, username or email "
    "address."
)


class SignInForm(auth_forms.AuthenticationForm):
    """The sign-in form, with the product's messages instead of Django's."""

    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check them and try again: "
            "passwords are case-sensitive."
        ),
        "inactive": "This account has been switched off. Ask your partnership admin.",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ResetRequestForm(auth_forms.PasswordResetForm):
    """Asks for the address a reset link goes to."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address your SEND Tracker account uses.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _new_password_fields(form: forms.Form) -> None:
    """The product's labels, hint and messages on Django's two new-password fields."""
    first, second = form.fields["new_password1"], form.fields["new_password2"]
    first.label, first.help_text = "New password", PASSWORD_HINT
    first.error_messages["required"] = "Enter a new password"
    second.label, second.help_text = "Confirm new password", ""
    second.error_messages["required"] = "Enter the new password again"
    first.widget.attrs["autocomplete"] = second.widget.attrs["autocomplete"] = "new-password"


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Chooses a new password from a reset link."""

    error_messages = {"password_mismatch": "The two passwords do not match. Enter it twice."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    """Changes a signed-in person's password."""

    error_messages = {
        "password_mismatch": "The two passwords do not match. Enter it twice.",
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)
        old = self.fields["old_password"]
        old.label = "Current password"
        old.error_messages["required"] = "Enter your current password"


def _count(key: str) -> int:
    """Requests counted under `key` in the current window, this one included."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


def _address_key(email: str) -> str:
    """The cache key for one address (hashed: the cache holds no addresses)."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"password-reset:address:{digest}"


@task()
def password_reset_send(email: str) -> None:
    """Email a reset link to each active account with this address (none: nothing sent)."""
    form = ResetRequestForm({"email": email})
    if not form.is_valid():
        return
    scheme, _, host = settings.SITE_URL.partition("://")
    form.save(
        domain_override=host,
        use_https=scheme == "https",
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.txt",
        extra_email_context={"site_url": settings.SITE_URL},
    )


class ResetRequestView(auth_views.PasswordResetView):
    """Django's reset request page, throttled, sending from a background task."""

    form_class = ResetRequestForm

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        network = client_ip_address(self.request) or "unknown"
        if _count(f"password-reset:network:{network}") > RESET_LIMIT_PER_NETWORK:
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        email = form.cleaned_data["email"]
        if _count(_address_key(email)) <= RESET_LIMIT_PER_ADDRESS:
            password_reset_send.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password_reset/", ResetRequestView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
