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

import contextlib
import json as json_module
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    teardown_databases,
)
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from devtools.management.commands import _benchmark_urls
from devtools.scale import SMALLEST, generate
from inspections.models import Finding, Inspection, Membership, Partnership

PAGES = ["dashboard", "finding", "action list", "action", "deadlines", "inspection"]
# A page may take at most this many times the bare view: room for pages that read with plain
# Django queries and templates rather than hand-tuned machinery.
RATIO_GOAL = 6.0


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A new, migrated `test_…` database beside the configured one, destroyed afterwards."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    with tempfile.TemporaryDirectory(prefix="benchmark-pages-") as tmp:
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(tmp) / "test_benchmark.sqlite3")
        else:
            base = Path(str(connection.settings_dict["NAME"])).name
            test_settings["NAME"] = f"test_{base}_benchmark_{os.getpid()}"
        old_config = setup_databases(
            verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS}, serialized_aliases=set()
        )
        try:
            yield test_settings["NAME"]
        finally:
            teardown_databases(old_config, verbosity=0)
            test_settings["NAME"] = saved


@contextlib.contextmanager
def rolled_back() -> Iterator[str]:
    """For the test suite: the current (test) database, inside a transaction rolled back."""
    name = str(connection.settings_dict["NAME"])
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if not (in_memory or Path(name).name.startswith("test")):
        raise CommandError(
            f"--rollback only runs in a test database (this one is {name!r}); "
            "without it the benchmark makes its own scratch database."
        )
    try:
        with transaction.atomic():
            yield name
            raise _Rollback
    except _Rollback:
        pass


def largest(partnerships: list[Partnership]) -> Partnership:
    """The one with the most progress updates, preferring one with a monitoring inspection
    (so that its pages show judgements, like the small partnership's)."""
    ids = [p.pk for p in partnerships]
    updates = dict(
        ProgressUpdate.objects.filter(action__plan__partnership__in=ids)
        .values_list("action__plan__partnership")
        .annotate(n=Count("pk"))
    )
    monitored = set(
        Inspection.objects.filter(partnership__in=ids, kind=Inspection.Kind.MONITORING)
        .values_list("partnership", flat=True)
        .distinct()
    )
    return max(partnerships, key=lambda p: (p.pk in monitored, updates.get(p.pk, 0), -p.pk))


def page_urls(partnership: Partnership) -> dict[str, str]:
    """The six main pages, each at its heaviest: the finding with the most actions (judged
    and with measures, when one is), the action with the most updates, the full inspection."""
    findings = Finding.objects.for_partnership(partnership).annotate(
        n_actions=Count("actions", distinct=True),
        n_judgements=Count("judgements", distinct=True),
        n_measures=Count("measures", distinct=True),
    )
    finding = max(
        findings, key=lambda f: (f.n_judgements > 0, f.n_measures > 0, f.n_actions, -f.pk)
    )
    action = (
        Action.objects.for_partnership(partnership)
        .annotate(n=Count("updates"))
        .order_by("-n", "pk")
        .first()
    )
    inspection = (
        Inspection.objects.for_partnership(partnership)
        .filter(kind=Inspection.Kind.FULL)
        .order_by("start_date")
        .first()
    )

    def url(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": partnership.slug, **kwargs})

    return {
        "dashboard": url("actions:dashboard"),
        "finding": url("actions:finding", pk=finding.pk),
        "action list": url("actions:list"),
        "action": url("actions:action", pk=action.pk),
        "deadlines": url("inspections:deadlines"),
        "inspection": url("inspections:inspection", pk=inspection.pk),
    }


def leader_client(partnership: Partnership) -> Client:
    membership = Membership.objects.filter(
        partnership=partnership, role=Membership.Role.LEADER
    ).first()
    client = Client()
    client.force_login(membership.user)
    return client


def get(client: Client, url: str):
    """GET over HTTPS, as behind TLS in production: no HTTPS redirect whatever the settings."""
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"GET {url} answered {response.status_code}, not 200.")
    return response


def page_queries(client: Client, urls: dict[str, str]) -> dict[str, list[str]]:
    """The SQL each page runs (after one warm-up request: first-request work is not the
    page's)."""
    captured = {}
    for page, url in urls.items():
        get(client, url)
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        captured[page] = [q["sql"] for q in queries]
    return captured


def query_plan(sql: str) -> str:
    """The plan the database chooses. On PostgreSQL the query runs (EXPLAIN ANALYZE) twice
    and the second, warm run is shown, as a busy server would run it."""
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        for _ in range(2 if postgres else 1):
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    return "\n".join(" | ".join(map(str, row)) for row in rows)


def filtered_list_urls(partnership: Partnership) -> dict[str, str]:
    """The action list's filter and sort paths, for --explain."""
    base = reverse("actions:list", kwargs={"slug": partnership.slug})
    finding = Finding.objects.for_partnership(partnership).order_by("pk").first()
    lead = Action.objects.for_partnership(partnership).values_list("lead_organisation", flat=True)
    return {
        "action list, by finding": f"{base}?finding={finding.pk}",
        "action list, by lead": f"{base}?lead={lead.first()}",
        "action list, status and RAG": f"{base}?status=in_progress&rag=red",
        "action list, overdue, latest first": f"{base}?overdue=on&sort=-due",
        "action list, page 2": f"{base}?sort=-due&page=2",
    }


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return max(samples)
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def time_pages(
    client: Client, urls: dict[str, str], iterations: int, warmup: int
) -> dict[str, dict[str, float]]:
    """Per page: median and p95 of the page, and the median of its same-size baseline,
    requested alternately so that any drift in the machine affects both alike."""
    sizes = {page: len(get(client, url).content) for page, url in urls.items()}
    baselines = {page: f"/__bench__/baseline/{size}/" for page, size in sizes.items()}
    for page, url in urls.items():
        assert len(get(client, baselines[page]).content) == sizes[page]
        for _ in range(warmup):
            get(client, url)
            get(client, baselines[page])
    samples: dict[str, list[float]] = {page: [] for page in urls}
    base_samples: dict[str, list[float]] = {page: [] for page in urls}
    for _ in range(iterations):
        for page, url in urls.items():
            for target, store in ((url, samples), (baselines[page], base_samples)):
                start = time.perf_counter()
                get(client, target)
                store[page].append((time.perf_counter() - start) * 1000)
    return {
        page: {
            "median_ms": statistics.median(samples[page]),
            "p95_ms": p95(samples[page]),
            "baseline_median_ms": statistics.median(base_samples[page]),
            "bytes": sizes[page],
        }
        for page in urls
    }


def time_breakdown(client: Client, urls: dict[str, str], iterations: int) -> dict[str, dict]:
    """Per page, medians in ms: the whole request, its SQL (timed through Django's public
    `execute_wrapper`), and the rest (middleware, views, templates, building objects)."""
    spent = {"sql": 0.0}

    def timed_sql(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - start

    result = {}
    with connection.execute_wrapper(timed_sql):
        for page, url in urls.items():
            rows = []
            for _ in range(iterations):
                spent["sql"] = 0.0
                start = time.perf_counter()
                get(client, url)
                rows.append((time.perf_counter() - start, spent["sql"]))
            total, sql = (statistics.median(r[i] for r in rows) * 1000 for i in range(2))
            result[page] = {"total": total, "sql": sql, "rest": total - sql}
    return result


def static_storage_override() -> dict:
    """Production settings keep static URLs in a manifest that `collectstatic` writes; with
    no manifest (a development checkout) use plain static URLs rather than fail."""
    try:
        staticfiles_storage.url("css/app.css")
    except ValueError:
        storages = dict(settings.STORAGES)
        storages["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        return {"STORAGES": storages}
    return {}


def database_version() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


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
            "ROOT_URLCONF": _benchmark_urls.__name__,
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

        pages = [
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
