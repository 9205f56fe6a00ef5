"""No page runs a database query while its templates render.

A query in a template is an N+1 waiting to happen and hides from the view's query budget:
views hand templates lists and prefetched objects, never lazy QuerySets. Context processors
run before Jinja starts rendering, so their queries are the view's, not the template's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import jinja2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from inspections.models import Finding, Inspection, Membership, Partnership
from send_tracker import templating

pytestmark = pytest.mark.django_db


class QueryDuringRender(AssertionError):
    pass


@contextlib.contextmanager
def no_queries_while_rendering(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any query made while a Jinja2 template renders: a page or a partial (macros and
    imports included). Every page is Jinja2; only Django's own admin uses its template
    language, and is left to Django.

    Yields the offending SQL as well, since a template may swallow the exception (a failing
    `{% if %}` renders as false), so the test checks the list rather than the response.
    """
    offending: list[str] = []

    def blocker(execute, sql, params, many, context):
        offending.append(sql)
        raise QueryDuringRender(f"Query while a template renders: {sql[:200]}")

    def guarded(original):
        def render(*args, **kwargs):
            with connection.execute_wrapper(blocker):
                return original(*args, **kwargs)

        return render

    monkeypatch.setattr(jinja2.Template, "render", guarded(jinja2.Template.render))
    monkeypatch.setattr(templating, "render_jinja_block", guarded(templating.render_jinja_block))
    yield offending


def main_pages() -> dict[str, str]:
    """Each main page of Suffolk, the demo partnership with the most data."""
    slug = "suffolk"
    finding = Finding.objects.get(
        inspection__partnership__slug=slug, kind="priority_action", number=1
    )
    action = (
        Action.objects.filter(plan__partnership__slug=slug)
        .order_by("-pk")
        .filter(pk__in=ProgressUpdate.objects.values("action"))
        .first()
    )
    assert action is not None
    full = Inspection.objects.get(partnership__slug=slug, kind="full_2023")
    monitoring = Inspection.objects.get(partnership__slug=slug, kind="monitoring_2023")

    def url(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    leader = Membership.objects.get(partnership__slug=slug, role="leader").user_id

    return {
        "overview": url("inspections:partnership"),
        "dashboard": url("actions:dashboard"),
        "finding": url("actions:finding", pk=finding.pk),
        "action list": url("actions:list"),
        "action list, filtered": url("actions:list") + f"?finding={finding.pk}&sort=-due",
        "action list, by owner": url("actions:list") + f"?owner={leader}",
        "dashboard, by owner": url("actions:dashboard") + f"?owner={leader}",
        "my actions": reverse("actions:my-actions"),
        "email and calendar": reverse("reminders:preferences"),
        "action": url("actions:action", pk=action.pk),
        "deadlines": url("inspections:deadlines"),
        "full inspection": url("inspections:inspection", pk=full.pk),
        "monitoring inspection": url("inspections:inspection", pk=monitoring.pk),
        "briefing packs": url("actions:packs"),
    }


@pytest.mark.parametrize("username", ["suffolk-leader", "suffolk-board"])
def test_main_pages_make_no_queries_while_rendering(demo, monkeypatch, username):
    client = Client()
    assert client.login(username=username, password="send-demo-2026")
    pages = main_pages()
    with no_queries_while_rendering(monkeypatch) as offending:
        for name, page in pages.items():
            response = client.get(page)
            assert response.status_code == 200, name
            assert not offending, f"{name}: {offending}"


def test_htmx_partials_make_no_queries_while_rendering(leader_client, monkeypatch):
    pages = main_pages()
    with no_queries_while_rendering(monkeypatch) as offending:
        response = leader_client.get(pages["action list"], {"rag": "red"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert not offending, offending


def test_the_guard_catches_a_query_in_a_template(demo, monkeypatch):
    """The guard itself works: a lazy QuerySet rendered in a template is caught."""
    from django.template import engines

    template = engines["jinja2"].from_string("{% for f in findings %}{{ f.pk }}{% endfor %}")
    with no_queries_while_rendering(monkeypatch) as offending, pytest.raises(QueryDuringRender):
        template.render({"findings": Finding.objects.all()})
    assert offending


def test_the_guard_catches_a_query_in_a_partial(demo, monkeypatch):
    """An HTMX partial (a block rendered alone) is guarded too."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    # As partnership_view sets it; WSGIRequest does not declare it.
    request.partnership = Partnership.objects.get(slug="suffolk")  # type: ignore[attr-defined]
    lazy = type(  # a pack whose id is read from the database when printed
        "Lazy",
        (),
        {
            "status": "queued",
            "message": "",
            "progress": 0,
            "pk": property(lambda self: Finding.objects.count()),
        },
    )()
    lazy.get_status_display = lambda: "Waiting to start"
    with no_queries_while_rendering(monkeypatch) as offending, pytest.raises(QueryDuringRender):
        templating.render_block_to_string(
            request, "actions/pack_detail.html#pack-status", {"pack": lazy}
        )
    assert offending
