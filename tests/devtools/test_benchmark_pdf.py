"""benchmark_pdf: what it reports, and that it leaves the database as it was."""

from __future__ import annotations

import json
import statistics

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action, ProgressUpdate
from inspections.models import Partnership

pytestmark = pytest.mark.django_db


def test_benchmark_reports_paired_runs_and_leaves_no_data(capsys):
    call_command(
        "benchmark_pdf",
        "--json",
        "--runs",
        "3",
        "--actions",
        "12",
        "--updates-per-action",
        "2",
        "--measures",
        "2",
    )
    report = json.loads(capsys.readouterr().out)
    assert report["runs"] == 3
    assert [p["partnership"] for p in report["packs"]] == ["demo (Suffolk)", "large"]
    for pack in report["packs"]:
        assert pack["pages"] >= 2
        assert pack["baseline_pages"] == pack["pages"]
        assert len(pack["pack_runs"]) == len(pack["baseline_runs"]) == 3
        pairs = [p / b for p, b in zip(pack["pack_runs"], pack["baseline_runs"], strict=True)]
        # The runs are reported rounded to the millisecond, so a ratio rebuilt
        # from them can differ from the reported one in the second decimal.
        assert pack["pair_ratios"] == pytest.approx(pairs, abs=0.011)
        assert pack["ratio"] == pytest.approx(statistics.median(pairs), abs=0.01)
        assert pack["pack_seconds"] == pytest.approx(
            statistics.median(pack["pack_runs"]), abs=0.001
        )
    # The demo it loaded and the large partnership it built are rolled back.
    assert not Partnership.objects.exists()
    assert not Action.objects.exists() and not ProgressUpdate.objects.exists()


def test_benchmark_keeps_existing_data(demo, capsys):
    before = (Partnership.objects.count(), Action.objects.count())
    call_command("benchmark_pdf", "--json", "--runs", "1", "--actions", "3", "--measures", "1")
    assert json.loads(capsys.readouterr().out)["packs"][0]["pages"] > 5
    assert (Partnership.objects.count(), Action.objects.count()) == before
    assert not Partnership.objects.filter(slug="benchmarkshire").exists()


@pytest.mark.parametrize("option", ["--runs", "--actions", "--updates-per-action", "--measures"])
def test_benchmark_refuses_sizes_below_one(option):
    with pytest.raises(CommandError, match="must be 1 or more"):
        call_command("benchmark_pdf", option, "0")
