"""benchmark_sheets: what it reports, and that it leaves the database as it was."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from actions.models import Action, SheetImport
from inspections.models import Partnership

pytestmark = pytest.mark.django_db


def test_benchmark_times_every_step_and_leaves_no_data(capsys):
    call_command("benchmark_sheets", "--json", "--rows", "30")
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 30
    assert report["actions_after"] >= 30
    for step in ("read", "preview", "save", "export_xlsx", "round_trip_preview", "round_trip_save"):
        assert report[f"{step}_seconds"] >= 0
    assert not Partnership.objects.exists()
    assert not Action.objects.exists() and not SheetImport.objects.exists()
