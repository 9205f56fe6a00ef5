"""What the page benchmark requests: the largest partnership, its main pages at their
heaviest, a leader's client, the SQL each page runs and the plan of each query (--explain)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from inspections.models import Finding, Inspection, Membership, Partnership

PAGES = ["dashboard", "finding", "action list", "action", "deadlines", "inspection"]


def largest(partnerships: list[Partnership]) -> Partnership:
    """The one with the most progress updates on current actions, preferring one with a monitoring inspection
    (so that its pages show judgements, like the small partnership's)."""
    ids = [p.pk for p in partnerships]
    updates = dict(
        ProgressUpdate.objects.filter(
            action__plan__partnership__in=ids, action__withdrawn_at__isnull=True
        )
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
    counts = (
        Finding.objects.for_partnership(partnership)
        .annotate(
            # Withdrawn actions and judgements leave the pages, so they weigh nothing.
            n_actions=Count("actions", filter=Q(actions__withdrawn_at__isnull=True), distinct=True),
            n_judgements=Count(
                "judgements", filter=Q(judgements__withdrawn_at__isnull=True), distinct=True
            ),
            n_measures=Count("measures", distinct=True),
        )
        .values_list("pk", "n_judgements", "n_measures", "n_actions")
    )

    def heaviness(row: tuple[int, int, int, int]) -> tuple[bool, bool, int, int]:
        pk, judgements, measures, actions = row
        return (judgements > 0, measures > 0, actions, -pk)

    finding_pk = max(counts, key=heaviness)[0]
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
    if action is None or inspection is None:
        raise CommandError(f"{partnership} needs an action and a full inspection.")

    def url(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": partnership.slug, **kwargs})

    return {
        "dashboard": url("actions:dashboard"),
        "finding": url("actions:finding", pk=finding_pk),
        "action list": url("actions:list"),
        "action": url("actions:action", pk=action.pk),
        "deadlines": url("inspections:deadlines"),
        "inspection": url("inspections:inspection", pk=inspection.pk),
    }


def leader_client(partnership: Partnership) -> Client:
    membership = Membership.objects.filter(
        partnership=partnership, role=Membership.Role.LEADER
    ).first()
    if membership is None:
        raise CommandError(f"{partnership} has no leader to sign in as.")
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
    if finding is None:
        raise CommandError(f"{partnership} has no findings.")
    lead = Action.objects.for_partnership(partnership).values_list("lead_organisation", flat=True)
    return {
        "action list, by finding": f"{base}?finding={finding.pk}",
        "action list, by lead": f"{base}?lead={lead.first()}",
        "action list, status and RAG": f"{base}?status=in_progress&rag=red",
        "action list, overdue, latest first": f"{base}?overdue=on&sort=-due",
        "action list, page 2": f"{base}?sort=-due&page=2",
    }
