"""Shared fixtures: the demo data and the demo personas."""

from __future__ import annotations

import pytest
from django.test import Client

from demo.loader import load_demo
from tests.clients import sign_in


@pytest.fixture
def demo(db):
    """The full demo data set (Suffolk and Bexley, demo accounts)."""
    load_demo()


def _client_for(username: str) -> Client:
    return sign_in(username)


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
