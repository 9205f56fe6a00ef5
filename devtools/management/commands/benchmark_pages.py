"""python manage.py benchmark_pages --partnerships N [--iterations 30] [--warmup 3] [--seed 0]
                                  [--json] [--breakdown] [--explain]

Builds generated data (devtools/scale/) in a scratch database, never the configured one:
the test runner's own machinery creates `test_…` beside it (a temporary SQLite file, or a
PostgreSQL database when DATABASE_URL names PostgreSQL), migrates it and drops it at the
end. Then, as a partnership leader of the largest partnership, it times each main page
through the whole middleware stack (django.test.Client calls the WSGI handler in-process;
server time only, no network) beside a baseline measured in the same run, interleaved: a
bare view on the same middleware that returns a prebuilt page of the same byte size.

Query counts are taken twice: for a partnership with the least data (every range at its
lower bound) while it is alone in the database, and for the largest partnership once all N
are in. Goal: every page at most 6 × the bare view's time (ratio at most 6), and the same
query count at both sizes.

With --json it prints one object: {"pages": [{"page", "median_ms", "p95_ms",
"baseline_median_ms", "ratio", "queries_small", "queries_large"}]}; a one-line description
of the data set goes to standard error. --breakdown splits each page's time into SQL and
the rest; --explain prints the plan of every query of every page, and of the
action list's filter and sort paths (EXPLAIN ANALYZE on PostgreSQL). Results and the
machine they were taken on: docs/performance.md.
"""

from __future__ import annotations

import json as json_module
import sys
import time
import warnings
from pathlib import Path
from typing import TypedDict

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from devtools.benchmark import urls as benchmark_urls
from devtools.benchmark.database import (
    database_version,
    rolled_back,
    scratch_database,
    static_storage_override,
)
from devtools.benchmark.pages import (
    filtered_list_urls,
    largest,
    leader_client,
    page_queries,
    page_urls,
    query_plan,
)
from devtools.benchmark.timing import time_breakdown, time_pages
from devtools.scale import SMALLEST, generate
from inspections.models import Partnership

# A page may take at most this many times the bare view: room for pages that read with plain
# Django queries and templates rather than hand-tuned machinery.
RATIO_GOAL = 6.0


class PageResult(TypedDict):
    """One page's timings and query counts, as --json prints them."""

    page: str
    median_ms: float
    p95_ms: float
    baseline_median_ms: float
    ratio: float
    queries_small: int
    queries_large: int


class Command(BaseCommand):
    help = "Time the main pages against a same-size bare view, on generated data in a scratch DB."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--partnerships", type=int, required=True, metavar="N")
        parser.add_argument("--iterations", type=int, default=30, help="Timed requests a page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Also print the plan of every query of every page at the full size "
            "(EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).",
        )
        parser.add_argument(
            "--breakdown",
            action="store_true",
            help="Also show where each page's time goes: SQL and the rest.",
        )
        parser.add_argument(
            "--rollback",
            action="store_true",
            help="For the test suite: use the current test database inside a transaction "
            "that is rolled back, instead of a scratch database.",
        )

    def handle(
        self,
        *args,
        partnerships: int,
        iterations: int,
        warmup: int,
        seed: int,
        json: bool,
        explain: bool,
        breakdown: bool,
        rollback: bool,
        **options,
    ) -> None:
        if not 1 <= partnerships <= 1000:
            raise CommandError("--partnerships must be between 1 and 1000.")
        if iterations < 1 or warmup < 0:
            raise CommandError("--iterations must be at least 1 and --warmup at least 0.")
        # WhiteNoise warns once that collectstatic has not run; static files are not timed.
        warnings.filterwarnings("ignore", message="No directory at")
        database = rolled_back() if rollback else scratch_database()
        overrides = {
            "ROOT_URLCONF": benchmark_urls.__name__,
            "DEBUG": False,  # no query logging, as in production
            "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
            **static_storage_override(),
        }
        with database as name, override_settings(**overrides):
            started = time.perf_counter()
            small = generate(1, seed, volumes=SMALLEST)[0]
            small_queries = page_queries(leader_client(small), page_urls(small))
            large = generate(partnerships, seed)
            generated_in = time.perf_counter() - started
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics, as a live database has
            target = largest(large)
            urls = page_urls(target)
            client = leader_client(target)
            large_queries = page_queries(client, urls)
            plans = {}
            if explain:
                explained = large_queries | page_queries(client, filtered_list_urls(target))
                plans = {
                    page: [(sql, query_plan(sql)) for sql in sqls]
                    for page, sqls in explained.items()
                }
            timings = time_pages(client, urls, iterations, warmup)
            # The lightest partnership page (briefing packs, none built yet): what any page
            # of the app costs before it shows any data, for scale beside the ratios.
            floor_url = reverse("actions:packs", kwargs={"slug": target.slug})
            floor = time_pages(client, {"floor": floor_url}, iterations, warmup)["floor"]
            floor["queries"] = len(page_queries(client, {"floor": floor_url})["floor"])
            parts = time_breakdown(client, urls, iterations) if breakdown else {}
            about = self.describe(name, large, target, generated_in, iterations, warmup)

        pages: list[PageResult] = [
            {
                "page": page,
                "median_ms": round(t["median_ms"], 2),
                "p95_ms": round(t["p95_ms"], 2),
                "baseline_median_ms": round(t["baseline_median_ms"], 2),
                "ratio": round(t["median_ms"] / t["baseline_median_ms"], 2),
                "queries_small": len(small_queries[page]),
                "queries_large": len(large_queries[page]),
            }
            for page, t in timings.items()
        ]
        for page, page_plans in plans.items():
            out = sys.stderr if json else self.stdout
            for sql, plan in page_plans:
                out.write(f"\n-- {page}\n{sql}\n{plan}\n")
        if json:
            sys.stderr.write(about + "\n")
            self.stdout.write(json_module.dumps({"pages": pages}))
            return
        self.stdout.write(about)
        self.stdout.write(
            f"{'page':<12} {'median ms':>9} {'p95 ms':>8} {'baseline ms':>11} {'ratio':>6} "
            f"{'bytes':>8} {'queries small/large':>20}"
        )
        for row, t in zip(pages, timings.values(), strict=True):
            self.stdout.write(
                f"{row['page']:<12} {row['median_ms']:>9.2f} {row['p95_ms']:>8.2f} "
                f"{row['baseline_median_ms']:>11.2f} {row['ratio']:>6.2f} {t['bytes']:>8,} "
                f"{row['queries_small']:>10}/{row['queries_large']}"
            )
        self.stdout.write(
            f"Lightest partnership page (briefing packs, none built; {floor['queries']} "
            f"queries): {floor['median_ms']:.2f} ms, "
            f"{floor['median_ms'] / floor['baseline_median_ms']:.2f} x its baseline."
        )
        if parts:
            self.stdout.write(
                "Where the time goes (median ms): whole request = SQL + the rest (middleware, "
                "views, templates)"
            )
            for page, part in parts.items():
                self.stdout.write(
                    f"{page:<12} {part['total']:>7.2f} = {part['sql']:>6.2f} + {part['rest']:>6.2f}"
                )
        over = [r["page"] for r in pages if r["ratio"] > RATIO_GOAL]
        moved = [r["page"] for r in pages if r["queries_small"] != r["queries_large"]]
        self.stdout.write(
            f"Goal: every page at most {RATIO_GOAL:g} × the bare view's time (ratio) and the "
            "same query count at both sizes. "
            + (f"Over the ratio: {', '.join(over)}. " if over else "Every ratio within. ")
            + (f"Counts differ: {', '.join(moved)}." if moved else "Counts equal.")
        )

    def describe(
        self,
        database: str,
        large: list[Partnership],
        target: Partnership,
        generated_in: float,
        iterations: int,
        warmup: int,
    ) -> str:
        ids = [p.pk for p in large]
        actions = Action.objects.filter(plan__partnership__in=ids).count()
        updates = ProgressUpdate.objects.filter(action__plan__partnership__in=ids).count()
        own_actions = Action.objects.filter(plan__partnership=target).count()
        own_updates = ProgressUpdate.objects.filter(action__plan__partnership=target).count()
        vendor = database_version()
        return (
            f"{len(large)} generated partnerships ({actions:,} actions, {updates:,} progress "
            f"updates; generated in {generated_in:.1f} s) in a scratch {vendor} "
            f"database ({Path(database).name}). Pages of {target.name} ({own_actions} actions, "
            f"{own_updates:,} updates) as a partnership leader: {iterations} timed requests "
            f"each after {warmup} warm-up."
        )
