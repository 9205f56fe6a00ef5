"""python manage.py benchmark_pdf [--runs N] [--json] [--actions N] [--updates-per-action N] [--measures N]

Times the board pack for the demo partnership and for a large one (by default 200 actions,
2,000 updates, 20 measures) beside WeasyPrint rendering plain HTML of the same page count in the
same run. Everything it builds is rolled back: the database is left as it was.

The pack's and the baseline's timed renders alternate (pack, plain, pack, plain, ...), and
each pack run is paired with the baseline run that follows it. The ratio reported is the
median of the pairs' ratios, so a spell of load from other work on a shared machine falls
on both halves of a pair alike; the text output shows the pairs' range as well.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json as json_module
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypedDict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from pypdf import PdfReader

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
from actions.packs import pack_data, render_pack
from demo.loader import load_demo
from inspections.models import Finding, Inspection, Organisation, Partnership
from send_tracker.pdf import html_to_pdf

AS_OF = dt.date(2026, 11, 22)
SINCE = dt.date(2026, 5, 1)


class Rollback(Exception):
    pass


class PackResult(TypedDict):
    """One partnership's timings, as --json prints them."""

    partnership: str
    pages: int
    baseline_pages: int
    pack_seconds: float
    baseline_seconds: float
    ratio: float
    pair_ratios: list[float]
    pack_runs: list[float]
    baseline_runs: list[float]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def plain_html(paragraphs: int) -> str:
    text = (
        "Leaders across the partnership reviewed progress on each action, the measures of "
        "impact and the deadlines set by the Department for Education. "
    ) * 4
    body = "".join(f"<p>{i}. {text}</p>" for i in range(paragraphs))
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Baseline</title>'
        '<link rel="stylesheet" href="/static/pdf/pdf.css"></head><body>'
        f"{body}</body></html>"
    )


def plain_pdf_with_pages(pages: int) -> str:
    """Plain HTML that renders to `pages` pages, found by a few untimed renders.

    Each try rescales the paragraph count by the pages the last try gave; the closest
    wins when no count gives the page count exactly.
    """
    paragraphs = 40
    best: tuple[int, int] | None = None  # (paragraphs, pages)
    for _ in range(6):
        got = page_count(html_to_pdf(plain_html(paragraphs)))
        if best is None or abs(got - pages) < abs(best[1] - pages):
            best = (paragraphs, got)
        if got == pages:
            break
        paragraphs = max(1, round(paragraphs * (pages - 0.5) / got))
    assert best is not None  # set by the first try
    return plain_html(best[0])


def build_large(
    actions: int = 200, updates_per_action: int = 10, measures: int = 20
) -> Partnership:
    """A partnership of the size the issue names, with bulk inserts."""
    partnership = Partnership.objects.create(name="Benchmarkshire", slug="benchmarkshire")
    org = Organisation.objects.create(
        partnership=partnership, name="Benchmarkshire Council", kind="council"
    )
    full = Inspection.objects.create(
        partnership=partnership,
        kind="full_2023",
        start_date=dt.date(2024, 1, 8),
        end_date=dt.date(2024, 1, 12),
        outcome="systemic",
    )
    findings = [
        Finding.objects.create(
            inspection=full, kind=kind, number=n, statement=f"Statement of finding {n}. " * 6
        )
        for kind, count in (("priority_action", 5), ("improvement", 5))
        for n in range(1, count + 1)
    ]
    plan = Plan.objects.create(
        partnership=partnership, kind="laip", title="Local Area Inclusion Plan"
    )
    rags = ["red", "amber", "green"]
    Action.objects.bulk_create(
        Action(
            plan=plan,
            finding=findings[i % len(findings)],
            title=f"Action {i}: improve timeliness and quality",
            lead_organisation=org,
            due_date=dt.date(2026, 1, 1) + dt.timedelta(days=i * 3),
            status="in_progress",
            rag=rags[i % 3],
        )
        for i in range(actions)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            date=dt.date(2025, 12, 1) + dt.timedelta(days=30 * j),
            narrative="Progress since the last update: actions completed, risks and next steps. "
            * 3,
            rag=rags[(action.pk + j) % 3],
        )
        for action in Action.objects.filter(plan=plan)
        for j in range(updates_per_action)
    )
    for m in range(measures):
        measure = Measure.objects.create(
            partnership=partnership,
            name=f"Measure {m}",
            unit="percent",
            baseline_value=Decimal(30),
            target_value=Decimal(60),
            england_average=Decimal(50),
        )
        measure.findings.add(findings[m % len(findings)])
        MeasureValue.objects.bulk_create(
            MeasureValue(
                measure=measure,
                date=dt.date(2024, 1, 31) + dt.timedelta(days=30 * k),
                value=Decimal(30 + k),
            )
            for k in range(24)
        )
    return partnership


def timed(fn: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def span(times: list[float]) -> str:
    return f"{min(times):.2f}–{max(times):.2f} s"


class Command(BaseCommand):
    help = "Benchmark the board pack against plain WeasyPrint rendering of the same page count."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=5, help="pairs of timed renders")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--actions", type=int, default=200, help="the large partnership's")
        parser.add_argument("--updates-per-action", type=int, default=10)
        parser.add_argument("--measures", type=int, default=20)

    def handle(
        self,
        *args,
        runs: int,
        json: bool,
        actions: int,
        updates_per_action: int,
        measures: int,
        **options,
    ) -> None:
        if min(runs, actions, updates_per_action, measures) < 1:
            raise CommandError(
                "--runs, --actions, --updates-per-action and --measures must be 1 or more"
            )
        results: list[PackResult] = []
        try:
            with transaction.atomic():
                if not Partnership.objects.filter(slug="suffolk").exists():
                    load_demo()
                targets = [
                    ("demo (Suffolk)", Partnership.objects.get(slug="suffolk")),
                    ("large", build_large(actions, updates_per_action, measures)),
                ]
                html_to_pdf(plain_html(5))  # warm up fonts and WeasyPrint itself
                for label, partnership in targets:

                    def pack(partnership: Partnership = partnership) -> bytes:
                        data = pack_data(
                            partnership, as_of=AS_OF, since=SINCE, prepared_by="Benchmark"
                        )
                        return render_pack(data)

                    # The first pack run gives the page count the baseline must match;
                    # after it the two alternate.
                    seconds, pdf = timed(pack)
                    pack_times, base_times = [seconds], []
                    pages = page_count(pdf)
                    html = plain_pdf_with_pages(pages)
                    for run in range(runs):
                        seconds, base_pdf = timed(functools.partial(html_to_pdf, html))
                        base_times.append(seconds)
                        if run + 1 < runs:
                            pack_times.append(timed(pack)[0])
                    ratios = [p / b for p, b in zip(pack_times, base_times, strict=True)]
                    results.append(
                        {
                            "partnership": label,
                            "pages": pages,
                            "baseline_pages": page_count(base_pdf),
                            "pack_seconds": round(statistics.median(pack_times), 3),
                            "baseline_seconds": round(statistics.median(base_times), 3),
                            "ratio": round(statistics.median(ratios), 2),
                            "pair_ratios": [round(r, 2) for r in ratios],
                            "pack_runs": [round(t, 3) for t in pack_times],
                            "baseline_runs": [round(t, 3) for t in base_times],
                        }
                    )
                raise Rollback
        except Rollback:
            pass
        if json:
            self.stdout.write(json_module.dumps({"packs": results, "runs": runs}))
            return
        for r in results:
            self.stdout.write(
                f"{r['partnership']}: {r['pages']} pages, pack {r['pack_seconds']:.2f} s "
                f"(median of {runs}, {span(r['pack_runs'])}), plain HTML "
                f"{r['baseline_seconds']:.2f} s ({r['baseline_pages']} pages, "
                f"{span(r['baseline_runs'])}), ratio {r['ratio']:.2f} (median of the pairs, "
                f"{min(r['pair_ratios']):.2f}–{max(r['pair_ratios']):.2f}; goal: 2 or less)"
            )
