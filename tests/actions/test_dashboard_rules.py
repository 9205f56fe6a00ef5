"""The dashboard's rules: next due is never a past date, a finding no action answers is a
warning, each overall RAG says how it was worked out, missed deadlines stay listed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from inspections.models import Finding
from tests.clients import has_tag, sign_in
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_member,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def row_of(html: str, title: str) -> str:
    """The dashboard's table row of the finding titled `title`."""
    start = html.index(f">{title}</a>")
    return html[start : html.index("</tr>", start)]


def dashboard(partnership) -> str:
    client = Client()
    client.force_login(make_member(partnership))
    return client.get(
        reverse("actions:dashboard", kwargs={"slug": partnership.slug})
    ).content.decode()


def test_next_due_is_never_a_past_date_and_overdue_says_so():
    today = timezone.localdate()
    partnership = make_partnership()
    inspection = make_inspection(partnership)
    late_only, mixed = make_finding(inspection, number=1), make_finding(inspection, number=2)
    plan = make_plan(partnership)
    make_action(
        plan, late_only, status="in_progress", rag="green", due_date=today - dt.timedelta(3)
    )
    make_action(plan, mixed, status="in_progress", rag="green", due_date=today - dt.timedelta(3))
    soon = today + dt.timedelta(days=12)
    make_action(plan, mixed, status="in_progress", rag="green", due_date=soon)
    html = dashboard(partnership)
    late_row = row_of(html, "Area for priority action 1")
    cells = late_row.split("<td")
    assert "None due" in cells[-1] and "1 overdue" in cells[-1]
    mixed_row = row_of(html, "Area for priority action 2")
    next_due = mixed_row.split("<td")[-1]
    assert f"{soon.day} {soon:%B %Y}" in next_due and "1 overdue" in next_due
    past = today - dt.timedelta(3)
    assert f"{past.day} {past:%B %Y}" not in next_due


def test_a_finding_no_action_answers_is_a_warning_on_the_dashboard_and_its_page(demo):
    """Bexley's areas for priority action have no actions in the demo."""
    client = sign_in("bexley-leader")
    html = client.get(reverse("actions:dashboard", kwargs={"slug": "bexley"})).content.decode()
    row = row_of(html, "Area for priority action 1")
    assert "govuk-warning-text" in row
    assert "No actions answer this area for priority action" in row
    finding = Finding.objects.get(
        inspection__partnership__slug="bexley", kind="priority_action", number=1
    )
    page = client.get(
        reverse("actions:finding", kwargs={"slug": "bexley", "pk": finding.pk})
    ).content.decode()
    assert "govuk-warning-text" in page
    assert "No actions answer this area for priority action." in page


def test_a_finding_whose_actions_are_all_withdrawn_warns_too():
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership), number=1)
    action = make_action(make_plan(partnership), finding, rag="red")
    Action.all_objects.filter(pk=action.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Recorded twice."
    )
    row = row_of(dashboard(partnership), "Area for priority action 1")
    assert "govuk-warning-text" in row
    assert "No actions answer this area for priority action (1 withdrawn)" in row
    assert not has_tag(row, "Red")


def test_each_overall_rag_says_how_it_was_worked_out():
    today = timezone.localdate()
    partnership = make_partnership()
    finding = make_finding(make_inspection(partnership), number=1)
    plan = make_plan(partnership)
    make_action(plan, finding, status="in_progress", rag="amber", due_date=today + dt.timedelta(9))
    make_action(plan, finding, status="in_progress", rag="green", due_date=today + dt.timedelta(9))
    html = dashboard(partnership)
    row = row_of(html, "Area for priority action 1")
    assert (
        has_tag(row, "Amber") and "Amber: 1 of 2 actions is amber; none is red or overdue." in row
    )
    assert "How the overall RAG is worked out" in html
    assert "Red: at least one open action is rated red or is past its due date." in html


def test_missed_and_met_late_deadlines_stay_on_the_dashboard():
    today = timezone.localdate()
    partnership = make_partnership()
    make_deadline(
        partnership, title="Sufficiency strategy", status="missed", due_date=dt.date(2025, 12, 31)
    )
    make_deadline(
        partnership,
        title="Inclusion plan",
        status="met",
        due_date=today - dt.timedelta(days=20),
        met_date=today - dt.timedelta(days=5),
    )
    make_deadline(
        partnership,
        title="Monitoring inspection",
        source="framework",
        due_date=today - dt.timedelta(days=40),
        is_approximate=True,
    )
    html = dashboard(partnership)
    missed = html[html.index(">Missed</h3>") : html.index("Due in the next 60 days")]
    assert "Sufficiency strategy" in missed and "Was due 31 December 2025" in missed
    assert has_tag(missed, "Missed")
    met = html[html.index("Met in the last 60 days") :]
    assert re.search(r">\s*Met late\s*<", met[: met.index("</li>")]) and "Inclusion plan" in met
    overdue = html[html.index(">Overdue</h3>") : html.index(">Missed</h3>")]
    assert "Monitoring inspection" not in overdue and "No deadlines are overdue." in overdue
    expected = html[html.index("Expected inspections") :]
    assert "Monitoring inspection" in expected and "Expected around" in expected
    assert "0 overdue deadlines, 1 missed" in html
