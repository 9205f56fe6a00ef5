"""A request body over the limit is refused before it is read (security review finding 4),
and sign-in throttling sees the client's address behind reverse proxies (finding 6)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from inspections.importer import MAX_UPLOAD_BYTES
from send_tracker.client_ip import client_ip_address

MB = 1024 * 1024
HANDLERS_STARTED: list[str] = []


class RecordingUploadHandler(FileUploadHandler):
    """Notes that Django started reading an upload (it makes one per request it parses)."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        HANDLERS_STARTED.append(request.path if request is not None else "")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UnreadInput(io.RawIOBase):
    """A wsgi.input that counts the bytes anyone reads from it (it holds none)."""

    def __init__(self) -> None:
        self.bytes_read = 0
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.reads += 1
        size = len(buffer)
        buffer[:size] = b"x" * size
        self.bytes_read += size
        return size


RECORDING = "tests.test_body_limit.RecordingUploadHandler"


def wsgi_post(path: str, length: int, **extra: str) -> tuple[str, bytes, UnreadInput]:
    """POST to the whole app (every middleware) as a WSGI server would, declaring `length`."""
    body = UnreadInput()
    environ = RequestFactory().post(path).environ
    environ.update(
        {
            "CONTENT_LENGTH": str(length) if length >= 0 else "",
            "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
            "wsgi.input": body,
            "REMOTE_ADDR": "10.1.2.3",
            **extra,
        }
    )
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
        status.append(line)

    # As Django's test client does: the test's connection stays open through the request.
    request_started.disconnect(close_old_connections)
    try:
        chunks = WSGIHandler()(environ, start_response)
        content = b"".join(chunks)
    finally:
        request_started.connect(close_old_connections)
    return status[0], content, body


@pytest.mark.django_db
@override_settings(FILE_UPLOAD_HANDLERS=[RECORDING], AXES_ENABLED=True)
def test_a_50_mb_post_to_sign_in_is_refused_unread():
    HANDLERS_STARTED.clear()
    status, content, body = wsgi_post(reverse("login"), 50 * MB)
    assert status.startswith("413")
    assert b"too large" in content
    assert body.reads == 0 and body.bytes_read == 0  # not a byte read, so nothing stored
    assert HANDLERS_STARTED == []  # no upload handler started


@pytest.mark.django_db
def test_a_chunked_body_without_a_length_is_refused():
    status, _, body = wsgi_post(reverse("login"), -1, HTTP_TRANSFER_ENCODING="chunked")
    assert status.startswith("411")
    assert body.reads == 0


@pytest.mark.django_db
def test_a_content_length_that_is_not_a_number_is_refused():
    status, _, body = wsgi_post(reverse("login"), 0, CONTENT_LENGTH="lots")
    assert status.startswith("400")
    assert body.reads == 0


@pytest.mark.django_db
@override_settings(FILE_UPLOAD_HANDLERS=[RECORDING, *settings.FILE_UPLOAD_HANDLERS])
def test_the_importer_takes_its_own_limit_and_no_more(officer):
    url = reverse("inspections:import", kwargs={"slug": "suffolk"})
    HANDLERS_STARTED.clear()
    # Over the importer's limit: refused unread, before even the sign-in check.
    status, _, body = wsgi_post(url, MAX_UPLOAD_BYTES + MB)
    assert status.startswith("413") and body.reads == 0
    assert HANDLERS_STARTED == []
    # A 2 MB file is over the default limit but within the importer's: it is read (and
    # refused by the form, as it is not a PDF).
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"0" * (2 * MB), "application/pdf")
    response = officer.post(url, {"report": upload})
    assert response.status_code == 200
    assert HANDLERS_STARTED  # Django read this one
    assert "damaged" in response.content.decode()


def test_the_limits_fit_the_importer():
    assert settings.REQUEST_BODY_MAX_BYTES < MAX_UPLOAD_BYTES
    for name in ("inspections:import", "inspections:import-save"):
        assert settings.REQUEST_BODY_MAX_BYTES_BY_URL[name] > MAX_UPLOAD_BYTES
    assert settings.MIDDLEWARE[0] == "send_tracker.body_limit.RequestBodyLimitMiddleware"


# --- The client's address behind reverse proxies -------------------------------------------


def request_from(remote: str, forwarded: str = "") -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_proxies_the_address_is_the_connection():
    assert settings.AXES_CLIENT_IP_CALLABLE == "send_tracker.client_ip.client_ip_address"
    assert client_ip_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(REVERSE_PROXY_COUNT=2)
def test_behind_proxies_the_address_is_the_one_the_outer_proxy_saw():
    # The client sent "1.1.1.1" itself; the outer proxy added the client, the inner one the
    # outer proxy.
    request = request_from("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.1")
    assert client_ip_address(request) == "203.0.113.9"
    assert client_ip_address(request_from("10.0.0.2", "10.0.0.1")) == "10.0.0.2"  # too short


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, REVERSE_PROXY_COUNT=1)
def test_behind_a_proxy_one_address_is_locked_out_not_everyone(demo):
    def sign_in(forwarded: str, password: str) -> int:
        return (
            Client()
            .post(
                reverse("login"),
                {"username": f"someone-{forwarded}", "password": password},
                REMOTE_ADDR="10.0.0.1",  # the proxy, for everyone
                HTTP_X_FORWARDED_FOR=forwarded,
            )
            .status_code
        )

    for _ in range(5):
        sign_in("203.0.113.9", "wrong-password-1")
    assert sign_in("203.0.113.9", "wrong-password-1") == 429
    response = Client().post(
        reverse("login"),
        {"username": "suffolk-board", "password": "send-demo-2026"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 302  # another person behind the same proxy signs in
