"""Progress pages through the real stack: roles, tenancy, HTMX partials and POST effects."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, MeasureValue, ProgressUpdate
from inspections.models import (
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    Membership,
    Organisation,
)
from tests.clients import has_tag, sign_in
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_judgement,
    make_measure,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
    make_update,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def suffolk_action(title_start: str = "Bring annual reviews") -> Action:
    return Action.objects.get(plan__partnership__slug="suffolk", title__startswith=title_start)


def client_for(username: str) -> Client:
    return sign_in(username)


def test_every_page_sends_anonymous_users_to_sign_in(demo):
    action = suffolk_action()
    for page in [
        url("actions:dashboard"),
        url("actions:finding", pk=action.finding_id),
        url("actions:list"),
        url("actions:action", pk=action.pk),
        url("actions:edit", pk=action.pk),
        url("inspections:deadlines"),
    ]:
        response = Client().get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_partnership_gets_404_everywhere(bexley_client):
    action = suffolk_action()
    deadline = Deadline.objects.filter(partnership__slug="suffolk").first()
    assert deadline is not None
    for page in [
        url("actions:dashboard"),
        url("actions:finding", pk=action.finding_id),
        url("actions:list"),
        url("actions:action", pk=action.pk),
        url("inspections:deadlines"),
    ]:
        assert bexley_client.get(page).status_code == 404
    # Bexley's own slug with Suffolk's ids.
    assert bexley_client.get(url("actions:action", "bexley", pk=action.pk)).status_code == 404
    assert (
        bexley_client.get(url("actions:finding", "bexley", pk=action.finding_id)).status_code == 404
    )
    response = bexley_client.post(
        url("actions:update-status", "bexley", pk=action.pk),
        {"status-status": "complete", "status-rag": "blue", "status-version": action.version},
    )
    assert response.status_code == 404
    response = bexley_client.post(
        url("inspections:deadline-outcome", "bexley", pk=deadline.pk),
        {f"deadline-{deadline.pk}-status": "missed"},
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_dashboard_shows_where_we_are(leader_client):
    html = leader_client.get(url("actions:dashboard")).content.decode()
    apa1 = html.index("Area for priority action 1")
    assert apa1 < html.index("Area for improvement 1")
    assert "Ineffective action, March 2026" in html
    assert "SEND sufficiency strategy completed" in html  # overdue deadline
    # Each measure is a row: latest value, target, England average and a trend whose
    # figures are also given as text.
    start = html.index("New EHC plans issued within 20 weeks")
    row = html[start : html.index("</tr>", start)]
    assert "45.9%" in row and "than England" in row  # England's figure for 2024, compared
    assert "31 December 2024" in row  # the latest figure: calendar year 2024
    assert "<svg" in row and 'aria-hidden="true"' in row
    assert re.search(r"From [\d.]+% on \d+ \w+ \d{4}, \d+ values", row)
    assert "Recent progress updates" in html


def test_dashboard_lists_deadlines_measures_and_updates_as_recorded():
    """The dashboard's lists arrive in one query as JSON: dates, decimals, flags and order
    must read as the records do."""
    partnership = make_partnership()
    client = Client()
    client.force_login(make_member(partnership))
    today = timezone.localdate()
    make_deadline(partnership, title="Overdue return", due_date=today - dt.timedelta(days=3))
    make_deadline(
        partnership,
        title="Soon report",
        due_date=today + dt.timedelta(days=10),
        is_approximate=True,
    )
    make_deadline(partnership, title="Far review", due_date=today + dt.timedelta(days=90))
    make_deadline(partnership, title="Done plan", due_date=today, status="met", met_date=today)
    measure = make_measure(
        partnership,
        name="Plans within 20 weeks",
        target_value=Decimal("9.60"),
        target_date=dt.date(2027, 3, 31),
        england_average=Decimal("46.40"),
        higher_is_better=False,
    )
    for n, value in enumerate(["12.25", "9.50"]):
        MeasureValue.objects.create(
            measure=measure, date=dt.date(2026, 8 + n, 30), value=Decimal(value)
        )
    finding = make_finding(make_inspection(partnership))
    action = make_action(make_plan(partnership), finding, title="Fix the backlog")
    for day in range(1, 11):
        make_update(action, date=dt.date(2026, 10, day), narrative=f"Update of day {day}.")

    html = client.get(url("actions:dashboard", slug=partnership.slug)).content.decode()

    assert html.index("Overdue return") < html.index("Soon report")
    assert "Due about" in html and "Far review" not in html
    met = html[html.index("Met in the last 60 days") :]
    assert "Done plan" in met[: met.index("</ul>")]  # met on its date: "Met", not late
    row = html[html.index("Plans within 20 weeks") :]
    row = row[: row.index("</tr>")]
    assert "9.5%" in row and "30 September 2026" in row  # the latest value
    assert "9.6%" in row and "31 March 2027" in row and "Met" in row  # lower is better
    assert "46.4%" in row and "Better than England" in row
    assert "From 12.25% on 30 August 2026, 2 values" in row
    shown = [int(day) for day in re.findall(r"Update of day (\d+)", html)]
    assert shown == [10, 9, 8, 7, 6, 5, 4, 3]  # the 8 newest, newest first


def test_finding_page(leader_client):
    finding = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=1
    )
    html = leader_client.get(url("actions:finding", pk=finding.pk)).content.decode()
    assert "the robustness and impact of governance" in html
    assert "Suffolk County Council" in html
    assert "Ineffective action, March 2026" in html
    assert "Focus point 4:" in html
    assert "Preparation for adulthood and transitions strategy" in html
    assert "Young people with EHC plans aged 16 to 17" in html  # linked measure
    assert "Progress updates" in html and "Twelve supported internship places" in html


def test_finding_page_lists_points_bodies_and_judgements_in_order_with_text_intact():
    """The finding's short lists come in one query as JSON: order and awkward text survive."""
    partnership = make_partnership()
    client = Client()
    client.force_login(make_member(partnership))
    full = make_inspection(partnership, start_date=dt.date(2023, 11, 13))
    monitoring = make_inspection(
        partnership, kind=Inspection.Kind.MONITORING, start_date=dt.date(2026, 3, 23)
    )
    finding = make_finding(full, focus_points_intro="Leaders should make sure that:")
    awkward = 'quotes " and \\ backslash, <b>tags</b>, a line\nbreak and “curly” text'
    for order, text in [(2, "second point"), (1, awkward), (3, "third point")]:
        FocusPoint.objects.create(finding=finding, order=order, text=text)
    health = make_organisation(partnership, name="Zeta ICB", kind=Organisation.Kind.ICB)
    council = make_organisation(partnership, name="Alpha Council")
    finding.responsible_bodies.add(health, council)
    make_judgement(finding, monitoring, outcome="ineffective", narrative="Not yet.")
    make_judgement(finding, full, outcome="ineffective", narrative="Earlier.")

    html = client.get(url("actions:finding", slug=partnership.slug, pk=finding.pk)).content.decode()

    assert (
        "quotes &#34; and \\ backslash, &lt;b&gt;tags&lt;/b&gt;, a line\nbreak and “curly” text"
        in html
    )
    assert html.index("quotes &#34;") < html.index("second point") < html.index("third point")
    assert html.index("Alpha Council") < html.index("Zeta ICB")  # council before ICB
    assert html.index("Earlier.") < html.index("Not yet.")  # oldest inspection first
    assert "Ineffective action, March 2026" in html


def row_ids(html: str) -> list[int]:
    """The action list's rows, in the order printed."""
    return [int(pk) for pk in re.findall(r'id="action-row-(\d+)"', html)]


def test_action_list_filters_and_sort(leader_client, demo):
    suffolk = Action.objects.filter(plan__partnership__slug="suffolk")
    everything = leader_client.get(url("actions:list")).content.decode()
    assert row_ids(everything) == list(
        suffolk.order_by("due_date", "pk").values_list("pk", flat=True)
    )
    apa2 = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=2
    )
    html = leader_client.get(url("actions:list"), {"finding": apa2.pk}).content.decode()
    assert set(row_ids(html)) == set(suffolk.filter(finding=apa2).values_list("pk", flat=True))
    assert len(row_ids(html)) == 3
    html = leader_client.get(
        url("actions:list"), {"rag": "red", "status": "in_progress"}
    ).content.decode()
    red = suffolk.filter(rag="red", status="in_progress").values_list("pk", flat=True)
    assert set(row_ids(html)) == set(red) and len(red) == 2
    html = leader_client.get(url("actions:list"), {"overdue": "on"}).content.decode()
    overdue = suffolk.overdue(timezone.localdate()).values_list("pk", flat=True)
    assert set(row_ids(html)) == set(overdue) and len(overdue) > 0
    # Sorted by due date, soonest or latest first (ties by creation), as the filter says.
    ascending = leader_client.get(url("actions:list"), {"sort": "due"}).content.decode()
    descending = leader_client.get(url("actions:list"), {"sort": "-due"}).content.decode()
    soonest = list(suffolk.order_by("due_date", "pk").values_list("pk", flat=True))
    latest = list(suffolk.order_by("-due_date", "pk").values_list("pk", flat=True))
    assert soonest != latest
    assert row_ids(ascending) == soonest and row_ids(descending) == latest
    assert 'aria-sort="descending"' in descending and 'aria-sort="ascending"' in ascending
    # A nonsense value is ignored rather than an error.
    assert (
        leader_client.get(url("actions:list"), {"status": "bogus", "finding": "x"}).status_code
        == 200
    )


def test_action_list_htmx_gets_the_results_partial(leader_client):
    response = leader_client.get(url("actions:list"), {"rag": "red"}, **HX)
    html = response.content.decode()
    assert "<html" not in html and 'id="action-results"' in html
    assert response["Vary"].count("HX-Request")
    restore = leader_client.get(
        url("actions:list"), {"rag": "red"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX
    )
    assert b"<html" in restore.content


def test_action_list_pages_keep_the_filters_and_mark_the_current_page():
    """More than a page of actions: govukPagination's numbered links, each with the filters."""
    partnership = make_partnership()
    user = make_member(partnership, role=Membership.Role.BOARD)
    finding = make_finding(make_inspection(partnership))
    plan = make_plan(partnership)
    lead = make_organisation(partnership)
    for n in range(120):
        make_action(plan, finding, lead_organisation=lead, title=f"Bulk {n}", rag="amber")
    for n in range(2):
        make_action(plan, finding, lead_organisation=lead, title=f"Red {n}", rag="red")
    client = Client()
    client.force_login(user)
    list_url = url("actions:list", slug=partnership.slug)

    html = client.get(list_url, {"rag": "amber", "page": "2"}).content.decode()
    nav = html[html.index('<nav class="govuk-pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-label="Pages of actions"' in nav
    pages = re.findall(r'href="\?rag=amber&amp;page=(\d+)"', nav)
    assert pages == ["1", "1", "2", "3", "3"]  # previous, the three pages, next
    assert re.search(r'page=2"[^>]*aria-current="page"', nav)
    assert len(row_ids(html)) == 50
    one_page = client.get(list_url, {"rag": "red"}).content.decode()
    assert len(row_ids(one_page)) == 2 and "govuk-pagination" not in one_page


def test_leader_changes_status_in_place(leader_client):
    action = suffolk_action()
    response = leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": action.version},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="action-status"' in html and "On hold" in html
    assert 'id="live-region" hx-swap-oob="innerHTML"' in html
    assert "Status changed to On hold, RAG rating Amber." in html
    # The same words in a visible banner, in the one notification region, as the no-JS
    # path's redirect shows them; announced by the live region, so not a second alert.
    region = html[html.index('id="notifications"') :]
    region = region[: region.index('id="live-region"')]
    assert "govuk-notification-banner--success" in region
    assert "Status changed to On hold, RAG rating Amber." in region
    assert 'role="alert"' not in region
    page = leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "in_progress", "status-rag": "red", "status-version": action.version + 1},
        follow=True,
    ).content.decode()
    banner = page[page.index('id="notifications"') :]
    assert "govuk-notification-banner--success" in banner[:600]
    assert "Status changed to In progress, RAG rating Red." in banner[:900]
    action.refresh_from_db()
    assert (action.status, action.rag) == ("in_progress", "red")


@pytest.mark.parametrize(
    ("status", "rag", "message"),
    [
        ("complete", "blue", "use Close as complete"),
        ("complete", "green", "use Close as complete"),
        ("in_progress", "blue", "Blue means complete"),
    ],
)
def test_the_status_form_does_not_complete_an_action(leader_client, status, rag, message):
    """Completing records a date and a closing note: the status form offers neither
    Complete nor Blue, and refuses both."""
    action = suffolk_action()
    page = leader_client.get(url("actions:action", pk=action.pk)).content.decode()
    status_form = page[
        page.index('id="status-form"') : page.index("</form>", page.index('id="status-form"'))
    ]
    assert 'value="complete"' not in status_form and 'value="blue"' not in status_form
    response = leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": status, "status-rag": rag, "status-version": action.version},
        **HX,
    )
    assert response.status_code == 200 and message in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.rag, action.completed_date) == ("in_progress", "red", None)


def test_invalid_status_change_shows_the_error_and_changes_nothing(leader_client):
    action = suffolk_action()
    response = leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "in_progress", "status-rag": "blue", "status-version": action.version},
        **HX,
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Blue means complete" in html
    response = leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "finished", "status-rag": "red", "status-version": action.version},
    )
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    action.refresh_from_db()
    assert (action.status, action.rag) == ("in_progress", "red")


def test_leader_adds_a_progress_update_in_place(leader_client):
    action = suffolk_action()
    before = action.updates.count()
    response = leader_client.post(
        url("actions:add-update", pk=action.pk),
        {
            "update-date": "2026-11-20",
            "update-narrative": "Recovery back on track.",
            "update-rag": "amber",
            "update-submission_id": uuid.uuid4(),
        },
        **HX,
    )
    html = response.content.decode()
    assert "<html" not in html and 'id="progress"' in html
    assert "Recovery back on track." in html
    assert 'id="action-status" hx-swap-oob="outerHTML"' in html  # RAG region refreshed too
    assert "Progress update added." in html
    assert action.updates.count() == before + 1
    action.refresh_from_db()
    assert action.rag == "amber"
    update = action.updates.order_by("-pk").first()
    assert update is not None and update.author is not None
    assert update.author.username == "suffolk-leader"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-11-20", "narrative": "", "rag": "amber"}, "Enter what has happened"),
        ({"date": "2026-11-20", "narrative": "   ", "rag": "amber"}, "Enter what has happened"),
        ({"date": "2099-01-01", "narrative": "Soon", "rag": "amber"}, "today or in the past"),
        ({"date": "2026-02-31", "narrative": "Bad date", "rag": "amber"}, "Enter a real date"),
        (
            {"date": "2026-11-20", "narrative": "x\x00y", "rag": "amber"},
            "Remove the invalid character",
        ),
        ({"date": "2026-11-20", "narrative": "x" * 5001, "rag": "amber"}, "5,000 characters"),
        ({"date": "2026-11-20", "narrative": "Done", "rag": "blue"}, "Blue means complete"),
        ({"date": "2026-11-20", "narrative": "Done", "rag": ""}, "Choose a RAG rating"),
    ],
)
def test_bad_progress_updates_are_refused_with_a_message(leader_client, data, message):
    action = suffolk_action()
    before = ProgressUpdate.objects.count()
    data = {f"update-{key}": value for key, value in data.items()}
    data["update-submission_id"] = uuid.uuid4()
    response = leader_client.post(url("actions:add-update", pk=action.pk), data, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert ProgressUpdate.objects.count() == before


def test_progress_without_javascript_redirects(leader_client):
    action = suffolk_action()
    response = leader_client.post(
        url("actions:add-update", pk=action.pk),
        {
            "update-date": "2026-11-20",
            "update-narrative": "Plain form post.",
            "update-rag": "red",
            "update-submission_id": uuid.uuid4(),
        },
    )
    assert response.status_code == 302 and response["Location"] == url(
        "actions:action", pk=action.pk
    )
    page = leader_client.get(response["Location"]).content.decode()
    assert "Plain form post." in page and "Progress update added." in page
    bad = leader_client.post(
        url("actions:add-update", pk=action.pk),
        {
            "update-date": "",
            "update-narrative": "",
            "update-rag": "",
            "update-submission_id": uuid.uuid4(),
        },
    )
    assert (
        bad.status_code == 200 and b"<html" in bad.content and b"There is a problem" in bad.content
    )


def test_leader_edits_action_details(leader_client):
    action = suffolk_action()
    page = leader_client.get(url("actions:edit", pk=action.pk))
    assert page.status_code == 200
    data = {
        "title": "Bring annual reviews up to date (revised)",
        "description": "Revised plan.",
        "finding": action.finding_id,
        "focus_point": "",
        "lead_organisation": action.lead_organisation_id,
        "lead_name": "New lead",
        "start_date": "2026-02-01",
        "due_date": "2026-12-31",
        "version": action.version,
    }
    response = leader_client.post(url("actions:edit", pk=action.pk), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.lead_name, action.due_date) == (
        "Bring annual reviews up to date (revised)",
        "New lead",
        dt.date(2026, 12, 31),
    )
    data.update(title="Should not save", due_date="2026-01-01", version=action.version)
    response = leader_client.post(url("actions:edit", pk=action.pk), data)
    assert (
        response.status_code == 200
        and b"must be the same as or after the start date" in response.content
    )
    action.refresh_from_db()
    assert action.title == "Bring annual reviews up to date (revised)"


def test_action_description_is_limited_in_length(leader_client):
    action = suffolk_action()
    data = {
        "title": action.title,
        "description": "x" * 5001,
        "finding": action.finding_id,
        "focus_point": "",
        "lead_organisation": action.lead_organisation_id,
        "lead_name": "Head of SEND",
        "start_date": "",
        "due_date": "2026-12-31",
        "version": action.version,
    }
    response = leader_client.post(url("actions:edit", pk=action.pk), data)
    assert response.status_code == 200 and b"5,000 characters or fewer" in response.content
    action.refresh_from_db()
    assert len(action.description) < 5001


def test_focus_point_must_belong_to_the_finding(leader_client):
    action = suffolk_action()  # under APA 2, which has no focus points
    apa1_point = Finding.objects.get(
        inspection__partnership__slug="suffolk", kind="priority_action", number=1
    ).focus_points.first()
    assert apa1_point is not None
    data = {
        "title": action.title,
        "description": "",
        "finding": action.finding_id,
        "focus_point": apa1_point.pk,
        "version": action.version,
        "lead_organisation": action.lead_organisation_id,
        "lead_name": "Head of SEND",
        "start_date": "",
        "due_date": "2026-12-31",
    }
    response = leader_client.post(url("actions:edit", pk=action.pk), data)
    assert b"Choose a focus point of the chosen finding" in response.content
    action.refresh_from_db()
    assert action.focus_point is None


def test_leader_marks_a_deadline_met_or_missed(leader_client):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    prefix = f"deadline-{deadline.pk}"
    endpoint = url("inspections:deadline-outcome", pk=deadline.pk)
    response = leader_client.post(
        endpoint,
        {f"{prefix}-status": "met", f"{prefix}-met_date": "", f"{prefix}-version": 1},
        **HX,
    )
    assert b"Enter the date the deadline was met" in response.content
    assert b"Enter the evidence" in response.content
    deadline.refresh_from_db()
    assert deadline.status == "open"
    response = leader_client.post(
        endpoint,
        {
            f"{prefix}-status": "met",
            f"{prefix}-met_date": "2026-01-10",
            f"{prefix}-evidence": "Signed off by the board.",
            f"{prefix}-version": 1,
        },
        **HX,
    )
    html = response.content.decode()
    assert "<html" not in html and f'id="deadline-row-{deadline.pk}"' in html
    assert "Met 10 January 2026" in html and "marked met" in html
    assert has_tag(html, "Met late")  # it was due on 31 December 2025
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_date) == ("met", dt.date(2026, 1, 10))
    # Met to missed needs a reason (tests/inspections/test_deadline_outcomes.py has more).
    response = leader_client.post(
        endpoint,
        {
            f"{prefix}-status": "missed",
            f"{prefix}-outcome_note": "The strategy was not signed off after all.",
            f"{prefix}-version": 2,
        },
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_date) == ("missed", None)


def test_overdue_deadlines_say_so_in_words(leader_client):
    html = leader_client.get(url("inspections:deadlines")).content.decode()
    assert has_tag(html, "Overdue")


@pytest.mark.parametrize("username", ["suffolk-board", "suffolk-officer"])
def test_board_members_and_officers_read_but_cannot_change(demo, username):
    client = client_for(username)
    action = suffolk_action()
    deadline = Deadline.objects.filter(partnership__slug="suffolk").first()
    assert deadline is not None
    board = username == "suffolk-board"  # officers edit an action's details, not its progress
    page = client.get(url("actions:action", pk=action.pk)).content.decode()
    assert "status-form" not in page and "update-form" not in page
    assert ("Edit details" not in page) is board
    assert "Record outcome" not in client.get(url("inspections:deadlines")).content.decode()
    for headers in ({}, {"HX-Request": "true"}):
        assert (
            client.post(
                url("actions:update-status", pk=action.pk),
                {
                    "status-status": "complete",
                    "status-rag": "blue",
                    "status-version": action.version,
                },
                headers=headers,
            ).status_code
            == 403
        )
        assert (
            client.post(
                url("actions:add-update", pk=action.pk),
                {
                    "update-date": "2026-11-01",
                    "update-narrative": "x",
                    "update-rag": "red",
                    "update-submission_id": uuid.uuid4(),
                },
                headers=headers,
            ).status_code
            == 403
        )
        edit = client.post(url("actions:edit", pk=action.pk), {"title": "x"}, headers=headers)
        assert edit.status_code == (403 if board else 200)
        assert (
            client.post(
                url("inspections:deadline-outcome", pk=deadline.pk), {}, headers=headers
            ).status_code
            == 403
        )
    assert client.get(url("actions:edit", pk=action.pk)).status_code == (403 if board else 200)
    action.refresh_from_db()
    assert action.title != "x"
    assert action.status == "in_progress" and not action.updates.filter(narrative="x").exists()


def test_change_endpoints_refuse_get(leader_client):
    action = suffolk_action()
    assert leader_client.get(url("actions:update-status", pk=action.pk)).status_code == 405
    assert leader_client.get(url("actions:add-update", pk=action.pk)).status_code == 405


# --- Query budgets: the count is the same at two data sizes. ---------------------------


def build(size: int):
    partnership = make_partnership()
    user = make_member(partnership, role=Membership.Role.LEADER)
    full = make_inspection(partnership, start_date=dt.date(2023, 1, 9))
    monitoring = make_inspection(
        partnership, kind="monitoring_2023", start_date=dt.date(2024, 6, 3), follows=full
    )
    plan = make_plan(partnership)
    findings = []
    for n in range(1, size + 1):
        finding = make_finding(full, number=n, focus_points=2)
        make_judgement(finding, monitoring)
        findings.append(finding)
        make_deadline(partnership, due_date=dt.date(2026, 1, 1) + dt.timedelta(days=30 * n))
        measure = make_measure(partnership, values=size)
        measure.findings.add(finding)
        for i in range(size):
            action = make_action(
                plan, finding, focus_point=finding.focus_points.first() if i % 2 else None
            )
            for _ in range(3):
                make_update(action)
    return partnership, user, findings[0], Action.objects.filter(finding=findings[0]).first()


# Every page starts with 3: the session, the user and the membership (with its partnership).
# Every page starts with 3: the session, the user and the membership (with its partnership).
# The heavier pages keep what they read in the shared cache until the partnership's records
# change (send_tracker/page_cache.py): the first request reads and fills it (a cache read,
# the page's queries, the cache write), a repeat request reads only the cache.
MISS = 1 + 6  # a cache read that finds nothing, and the write (the database cache's statements)
BUDGETS = {  # page: (first request, repeat request)
    # two cached reads: the owners (the filter); findings with figures, their judgements,
    # deadlines, measures, their latest values, updates
    "dashboard": (3 + 1 + 6 + 2 * MISS, 3 + 2),
    # finding, focus points, bodies, judgements; actions; measures, their values, findings
    # and milestones (the impact table); updates. National statistics add at most 4 more,
    # the same at any size (tests/actions/test_impact.py).
    "finding": (3 + 10 + MISS, 3 + 1),
    # two cached reads: findings, organisations and owners (the filters); the matching actions
    "list": (3 + 4 + 2 * MISS, 3 + 2),
    "action": (3 + 2 + MISS, 3 + 1),  # the action with what it names; its updates, authors
    "deadlines": (4, 4),  # the deadlines with owner, intervention and inspection
}


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_query_budget_holds_at_two_sizes(page):
    counts: dict[int, tuple[int, int]] = {}
    for size in (2, 8):
        partnership, user, finding, action = build(size)
        client = Client()
        client.force_login(user)
        target = {
            "dashboard": url("actions:dashboard", partnership.slug),
            "finding": url("actions:finding", partnership.slug, pk=finding.pk),
            "list": url("actions:list", partnership.slug),
            "action": url("actions:action", partnership.slug, pk=action.pk),
            "deadlines": url("inspections:deadlines", partnership.slug),
        }[page]
        with CaptureQueriesContext(connection) as first:
            assert client.get(target).status_code == 200
        with CaptureQueriesContext(connection) as repeat:
            assert client.get(target).status_code == 200
        counts[size] = (len(first), len(repeat))
    sql = [q["sql"][:120] for q in first]
    # The same numbers at both sizes, and within the page's budget.
    assert counts[2] == counts[8], (counts, sql)
    assert counts[2][0] <= BUDGETS[page][0] and counts[2][1] <= BUDGETS[page][1], (counts, sql)


def test_the_finding_page_shows_updates_a_page_at_a_time():
    partnership = make_partnership()
    user = make_member(partnership, role=Membership.Role.BOARD)
    finding = make_finding(make_inspection(partnership))
    action = make_action(make_plan(partnership), finding=finding)
    for n in range(45):
        make_update(action, date=dt.date(2026, 1, 1) + dt.timedelta(days=n), narrative=f"Step {n}.")
    client = Client()
    client.force_login(user)
    finding_url = reverse("actions:finding", kwargs={"slug": partnership.slug, "pk": finding.pk})

    def page(url: str) -> tuple[list[int], str | None]:
        html = client.get(url).content.decode()
        steps = [int(n) for n in re.findall(r"Step (\d+)\.", html)]
        older = re.search(r'href="(\?before=[^"#]+)#updates"', html)
        return steps, older and older.group(1).replace("&amp;", "&")

    steps, older = page(finding_url)
    assert steps == list(range(44, 24, -1))  # the newest 20, newest first
    assert older is not None
    steps, older = page(finding_url + older)
    assert steps == list(range(24, 4, -1))
    assert older is not None
    steps, older = page(finding_url + older)
    assert steps == [4, 3, 2, 1, 0] and older is None
    # A mangled cursor shows the newest page rather than an error.
    assert page(finding_url + "?before=yesterday.x")[0][0] == 44
    for impossible in ("99999999999999999999", "-3", "0"):  # ids no update can have
        assert page(finding_url + f"?before=2026-02-01.{impossible}")[0][0] == 44
