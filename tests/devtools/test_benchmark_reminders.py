"""The reminder benchmark's contract (not its timings): it runs on generated data with
owners given, and the run's queries are the same at both sizes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_reminders_reports_the_same_query_count_at_both_sizes():
    out = io.StringIO()
    call_command("benchmark_reminders", "--partnerships", "2", "--json", "--rollback", stdout=out)
    result = json.loads(out.getvalue())
    assert result["partnerships"] == 3 and result["actions"] > 0
    assert result["emails"] > result["emails_small"] > 0
    assert result["queries"] == result["queries_small"]
    assert result["repeat_emails"] == 0
