"""The page benchmark's timing loops: each page against its same-size baseline, and
(--breakdown) each page's time split into SQL and the rest."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client

from devtools.benchmark.pages import get


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
