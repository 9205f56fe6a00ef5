"""The import_report command: --dry-run, --json, saving, and refusing bad use."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Inspection
from tests.factories import make_partnership
from tests.inspections.importer_support import (
    JSON_KEYS,
    LETTER,
    REPORT_NAMES,
    cached_bad_inputs,
    expected,
    report_path,
    row_counts,
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_dry_run_json_prints_one_json_object_and_saves_nothing(name):
    counts = row_counts()
    out = io.StringIO()
    call_command(
        "import_report",
        str(report_path(name)),
        "--dry-run",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())  # the whole output is one JSON object
    assert set(data) == JSON_KEYS
    assert data == expected(report_path(name))
    for area in data["priority_areas"]:
        assert set(area) == {"number", "responsible_body", "statement", "focus_points"}
    for area in data["improvement_areas"]:
        assert set(area) == {"number", "responsible_body", "statement", "focus_points"}
    assert row_counts() == counts


@pytest.mark.django_db
def test_dry_run_json_of_the_letter():
    out = io.StringIO()
    call_command("import_report", str(LETTER), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == expected(LETTER)
    assert data["kind"] == "monitoring"
    assert [(j["area_number"], j["outcome"]) for j in data["judgements"]] == [
        (1, "ineffective"),
        (2, "effective"),
    ]
    assert set(data["judgements"][0]) == {"area_number", "outcome", "narrative"}


@pytest.mark.django_db
def test_the_command_saves_and_summarises():
    partnership = make_partnership("Wiltshire", slug="wiltshire")
    out = io.StringIO()
    call_command(
        "import_report",
        str(report_path("wiltshire")),
        "--partnership",
        "wiltshire",
        stdout=out,
    )
    text = out.getvalue()
    assert "Full inspection report: Wiltshire" in text
    assert "Inspection dates: 14 to 18 October 2024" in text
    assert "Outcome: positive" in text
    assert "Saved to Wiltshire" in text
    assert Inspection.objects.filter(partnership=partnership).count() == 1
    out = io.StringIO()
    call_command(
        "import_report",
        str(report_path("wiltshire")),
        "--partnership=wiltshire",
        stdout=out,
    )
    assert "nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_bad_use_with_a_message(tmp_path):
    pdf = str(report_path("wiltshire"))
    with pytest.raises(CommandError, match="--partnership"):
        call_command("import_report", pdf)
    with pytest.raises(CommandError, match="no partnership with the slug"):
        call_command("import_report", pdf, "--partnership", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_report", str(tmp_path / "missing.pdf"), "--dry-run")
    make_partnership("Suffolk test", slug="suffolk-test", local_areas="Suffolk")
    with pytest.raises(CommandError, match="not recorded"):
        call_command("import_report", str(LETTER), "--partnership", "suffolk-test")
    for case in ["scanned", "encrypted", "a Word document"]:
        data, words = cached_bad_inputs()[case]
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        with pytest.raises(
            CommandError, match="neither a PDF" if case == "a Word document" else words
        ):
            call_command("import_report", str(path), "--dry-run", "--json", stdout=io.StringIO())
    assert Inspection.objects.count() == 0


@pytest.mark.django_db
def test_the_command_refuses_another_areas_report():
    make_partnership("Suffolk", slug="suffolk-only")
    counts = row_counts()
    with pytest.raises(CommandError, match="This is about Hertfordshire, not Suffolk"):
        call_command(
            "import_report",
            str(report_path("hertfordshire")),
            "--partnership",
            "suffolk-only",
            stdout=io.StringIO(),
        )
    assert row_counts() == counts
