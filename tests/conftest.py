"""Shared fixtures: the demo data and the demo personas."""

from __future__ import annotations

import pytest
from django.test import Client

from demo.loader import DEMO_PASSWORD, load_demo


@pytest.fixture
def demo(db):
    """The full demo data set (Suffolk and Bexley, demo accounts)."""
    load_demo()


def _client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def leader_client(demo) -> Client:
    return _client_for("suffolk-leader")


@pytest.fixture
def board_client(demo) -> Client:
    return _client_for("suffolk-board")


@pytest.fixture
def bexley_client(demo) -> Client:
    return _client_for("bexley-leader")


@pytest.fixture
def officer(demo) -> Client:
    return _client_for("suffolk-officer")
