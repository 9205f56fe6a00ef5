"""Sign-in, partnership choice, the partnership home page and the inspection page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from inspections.models import Addressee, Inspection, InspectionTeamMember, Membership
from tests.clients import has_tag, sign_in
from tests.factories import (
    PASSWORD,
    make_deadline,
    make_finding,
    make_inspection,
    make_judgement,
    make_member,
    make_partnership,
)

pytestmark = pytest.mark.django_db


def suffolk_url(name: str = "inspections:partnership", **kwargs) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


def test_anonymous_users_are_sent_to_sign_in(demo):
    client = Client()
    monitoring = Inspection.objects.get(partnership__slug="suffolk", kind="monitoring_2023")
    for url in ["/", suffolk_url(), suffolk_url("inspections:inspection", pk=monitoring.pk)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_sign_in_and_out_with_a_demo_account(demo):
    client = Client()
    page = client.get("/accounts/login/")
    assert b"Sign in to SEND Tracker" in page.content
    response = client.post(
        "/accounts/login/", {"username": "suffolk-leader", "password": "send-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/")["Location"] == suffolk_url()  # one partnership: straight there
    client.post("/accounts/logout/")
    assert client.get(suffolk_url()).status_code == 302


def test_wrong_password_shows_an_error(demo):
    response = Client().post(
        "/accounts/login/", {"username": "suffolk-leader", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


def test_a_member_of_several_partnerships_chooses_one(demo):
    user = make_member(Membership.objects.get(user__username="suffolk-leader").partnership)
    bexley = Membership.objects.get(user__username="bexley-leader").partnership
    Membership.objects.create(user=user, partnership=bexley, role="board")
    client = Client()
    sign_in(user.username, client, password=PASSWORD)
    page = client.get("/")
    assert page.status_code == 200
    assert b"Choose a partnership" in page.content
    assert b'href="/p/suffolk/"' in page.content and b'href="/p/bexley/"' in page.content
    assert b"Change partnership" in client.get(suffolk_url()).content


def test_partnership_home_shows_the_suffolk_record(leader_client):
    html = leader_client.get(suffolk_url()).content.decode()
    assert "Full inspection (2023 framework)" in html
    assert "13 to 17 November 2023" in html
    assert "Widespread and/or systemic failings" in html
    assert "23 to 25 March 2026" in html
    assert "Area for priority action 1" in html and "Area for priority action 2" in html
    for n in (1, 2, 3):
        assert f"Area for improvement {n}" in html
    assert "the robustness and impact of governance" in html
    assert "Ineffective action, March 2026" in html
    assert "Effective action, March 2026" in html
    assert "SEND sufficiency strategy completed" in html
    assert "31 December 2025" in html
    assert "End of spring term 2026" in html
    assert "Demo partnership." in html


def test_inspection_page_shows_everything_recorded(leader_client):
    monitoring = Inspection.objects.get(partnership__slug="suffolk", kind="monitoring_2023")
    html = leader_client.get(
        suffolk_url("inspections:inspection", pk=monitoring.pk)
    ).content.decode()
    assert "20 May 2026" in html
    assert "Sarah-Jane Smedmor" in html and "Suffolk Borough Council" in html
    assert "Kieran Bird" in html and "Lead inspector" in html
    # Team and addressees come as JSON lists with the inspection: in their recorded order.
    for model in (InspectionTeamMember, Addressee):
        names = list(
            model.objects.filter(inspection=monitoring)
            .order_by("order", "pk")
            .values_list("name", flat=True)
        )
        assert len(names) > 1
        positions = [html.index(escape(name)) for name in names]
        assert positions == sorted(positions), model.__name__
    assert "Ineffective action" in html and "Effective action" in html
    assert (
        "Since the last inspection, the partnership has experienced a period of turbulence" in html
    )
    full = monitoring.follows
    assert full is not None
    html = leader_client.get(suffolk_url("inspections:inspection", pk=full.pk)).content.decode()
    assert "Charlie Fordham" in html and "CQC lead inspector" in html
    apa1 = full.findings.get(kind="priority_action", number=1)
    points = list(apa1.focus_points.order_by("order").values_list("text", flat=True))
    positions = [html.index(escape(text)) for text in points]
    assert len(points) > 1 and positions == sorted(positions)
    for body in apa1.responsible_bodies.all():
        assert escape(body.name) in html
    assert "Monitoring inspection (about 18 months after" in html


def test_another_partnerships_pages_answer_404(bexley_client):
    monitoring = Inspection.objects.get(partnership__slug="suffolk", kind="monitoring_2023")
    assert bexley_client.get(suffolk_url()).status_code == 404
    assert (
        bexley_client.get(suffolk_url("inspections:inspection", pk=monitoring.pk)).status_code
        == 404
    )
    # Own partnership slug with another partnership's inspection id: 404 as well.
    url = reverse("inspections:inspection", kwargs={"slug": "bexley", "pk": monitoring.pk})
    assert bexley_client.get(url).status_code == 404


def build_partnership(size: int):
    """A partnership with `size` inspections' worth of findings, judgements and deadlines."""
    partnership = make_partnership()
    user = make_member(partnership)
    full = make_inspection(partnership, start_date=dt.date(2023, 1, 9))
    monitoring = make_inspection(
        partnership, kind="monitoring_2023", start_date=dt.date(2024, 6, 3), follows=full
    )
    for n in range(1, size + 1):
        finding = make_finding(full, number=n, focus_points=3)
        make_judgement(finding, monitoring)
        make_finding(full, number=n, kind="improvement")
        make_deadline(partnership, inspection=full)
    return partnership, user, full


# Session, user, membership, then the page's own reads (prefetches included).
# Session, user, membership, then the page's own reads (prefetches included). The
# inspection page keeps what it read in the shared cache (send_tracker/page_cache.py): the
# first request also reads and fills the cache, a repeat request reads only the cache.
MISS = 1 + 6  # a cache read that finds nothing, and the write (the database cache's statements)
QUERY_BUDGET = {  # page: (first request, repeat request)
    "home": (9, 9),  # inspections; findings, focus points, bodies, judgements; deadlines
    # the inspection, team, addressees, follow-ups; its findings (4); its judgements (2); its
    # deadlines
    "inspection": (3 + 10 + MISS, 3 + 1),
}


@pytest.mark.parametrize("page", ["home", "inspection"])
def test_query_count_does_not_grow_with_the_data(page):
    counts = []
    for size in (2, 20):
        partnership, user, full = build_partnership(size)
        client = Client()
        client.force_login(user)
        if page == "home":
            url = reverse("inspections:partnership", kwargs={"slug": partnership.slug})
        else:
            url = reverse(
                "inspections:inspection", kwargs={"slug": partnership.slug, "pk": full.pk}
            )
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as repeat:
            assert client.get(url).status_code == 200
        counts.append((len(first), len(repeat)))
    # The same numbers at both sizes, and within the page's budget.
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= QUERY_BUDGET[page][0] and counts[0][1] <= QUERY_BUDGET[page][1]


def test_deadline_tables_say_overdue_in_words_as_of_today():
    """The overview's and the inspection page's deadline tables mark an open deadline past
    its date "Overdue", and not one that was met or is still to come."""
    partnership = make_partnership()
    user = make_member(partnership)
    full = make_inspection(partnership)
    today = timezone.localdate()
    make_deadline(partnership, inspection=full, title="Late one", due_date=today - dt.timedelta(1))
    make_deadline(
        partnership, inspection=full, title="Coming one", due_date=today + dt.timedelta(9)
    )
    make_deadline(
        partnership,
        inspection=full,
        title="Met one",
        due_date=today - dt.timedelta(30),
        status="met",
        met_date=today - dt.timedelta(31),
    )
    client = Client()
    client.force_login(user)
    for url in (
        reverse("inspections:partnership", kwargs={"slug": partnership.slug}),
        reverse("inspections:inspection", kwargs={"slug": partnership.slug, "pk": full.pk}),
    ):
        html = client.get(url).content.decode()
        rows = {
            title: html.split(title, 1)[1].split("</tr>", 1)[0]
            for title in ("Late one", "Coming one", "Met one")
        }
        assert has_tag(rows["Late one"], "Overdue"), url
        assert not has_tag(rows["Coming one"], "Overdue") and not has_tag(
            rows["Met one"], "Overdue"
        ), url
