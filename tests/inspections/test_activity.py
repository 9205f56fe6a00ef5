"""The activity log: sentences that name the record and its context, values as the pages
show them, every entry reachable a page at a time, a filter by type, and a fixed number of
queries per page whatever the history's length."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
from actions.ownership import member_remove
from actions.services import measure_set_milestones
from inspections.activity import ACTIVITY_PAGE_SIZE, ActivityQuery
from inspections.models import Finding, Inspection, Membership, Organisation
from tests.clients import sign_in
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db
URL = reverse("inspections:activity", kwargs={"slug": "suffolk"})


def rows(html: str) -> list[str]:
    """The What column of each row, without its History link or tags."""
    cells = re.findall(
        r"<tr class=\"govuk-table__row\">\s*<td.*?</td>\s*<td.*?</td>\s*<td[^>]*>(.*?)</td>",
        html,
        re.S,
    )
    return [re.sub(r"<[^>]+>", "", re.sub(r"<a .*?</a>", "", c, flags=re.S)).strip() for c in cells]


def test_entries_name_the_record_and_its_context(demo):
    client = sign_in("suffolk-admin")
    action = Action.objects.filter(plan__partnership__slug="suffolk").earliest("pk")
    ProgressUpdate.objects.create(
        action=action, date=dt.date(2026, 12, 3), narrative="Done a thing.", rag="green"
    )
    measure = Measure.objects.filter(partnership__slug="suffolk").earliest("pk")
    MeasureValue.objects.create(
        measure=measure, date=dt.date(2026, 11, 30), value=Decimal("119.00")
    )
    board = Membership.objects.get(user__username="suffolk-board")
    admin = User.objects.get(username="suffolk-admin")
    member_remove(membership=board, successor=None, by=admin)
    html = client.get(URL).content.decode()
    what = rows(html)
    name = board.user.get_full_name()
    assert f"Membership of {name} (Board member) removed" in what
    assert f"Progress update of 3 December 2026 on action ‘{action.title}’ added" in what
    assert any(w.startswith("Value 119") and f"of measure ‘{measure.name}’" in w for w in what)
    assert "119.00" not in html
    # The progress update links to its action's history.
    assert reverse("actions:action-history", kwargs={"slug": "suffolk", "pk": action.pk}) in html


def test_a_withdrawal_reads_as_one(demo):
    client = sign_in("suffolk-officer")
    action = Action.objects.filter(plan__partnership__slug="suffolk").earliest("pk")
    response = client.post(
        reverse("actions:withdraw", kwargs={"slug": "suffolk", "pk": action.pk}),
        {"version": action.version, "reason": "Recorded twice by mistake."},
    )
    assert response.status_code == 302
    assert f"Action ‘{action.title}’ withdrawn" in rows(client.get(URL).content.decode())


def test_every_entry_is_reachable_a_page_at_a_time(demo):
    client = sign_in("suffolk-board")
    first = client.get(URL).content.decode()
    found = re.search(r"of (\d+) entries", first)
    assert found
    total = int(found.group(1))
    assert total > ACTIVITY_PAGE_SIZE
    seen = []
    page = 1
    while True:
        html = client.get(URL, {"page": page}).content.decode()
        seen += rows(html)
        if 'rel="next"' not in html:
            break
        assert f'href="?page={page + 1}" rel="next"' in html
        page += 1
    assert len(seen) == total
    assert 'aria-current="page"' in html and "Previous" in html


def test_filters_by_type_and_keep_the_filter_when_paging(demo):
    client = sign_in("suffolk-board")
    html = client.get(URL, {"kind": "actions.MeasureValue"}).content.decode()
    what = rows(html)
    assert what and all(w.startswith("Value ") for w in what)
    if 'rel="next"' in html:
        assert "kind=actions.MeasureValue&amp;page=2" in html
    actions_only = rows(client.get(URL, {"kind": "actions.Action"}).content.decode())
    assert actions_only and all(w.startswith("Action ‘") for w in actions_only)
    bad = client.get(URL, {"kind": "auth.User"}).content.decode()
    assert "Choose a type of record from the list" in bad


def test_another_partnership_is_never_in_the_log(demo):
    bexley_titles = set(
        Action.objects.filter(plan__partnership__slug="bexley").values_list("title", flat=True)
    )
    client = sign_in("suffolk-admin")
    page = 1
    while True:
        html = client.get(URL, {"page": page}).content.decode()
        assert "Bexley" not in html
        assert not any(title in html for title in bexley_titles)
        if 'rel="next"' not in html:
            break
        page += 1


def _grow(times: int) -> None:
    """More history of every kind the page reads together."""
    action = Action.objects.filter(plan__partnership__slug="suffolk").earliest("pk")
    measure = Measure.objects.filter(partnership__slug="suffolk").earliest("pk")
    for n in range(times):
        ProgressUpdate.objects.create(
            action=action, date=dt.date(2026, 1, 1) + dt.timedelta(days=n), narrative="x", rag="red"
        )
        MeasureValue.objects.create(
            measure=measure, date=dt.date(2020, 1, 1) + dt.timedelta(days=n), value=n
        )
        Action.objects.filter(pk=action.pk).update(title=f"Title {n}")
        action.refresh_from_db()
        action.save()


@pytest.mark.parametrize("extra", [0, 300])
def test_query_budget_is_fixed_whatever_the_history(demo, django_assert_max_num_queries, extra):
    _grow(extra)
    client = sign_in("suffolk-admin")
    for query in ({}, {"page": 2}, {"kind": "actions.ProgressUpdate"}):
        # Session, user, membership; the person filter's choices; count; the page's keys;
        # then one query per kind of record on the page (at most every audited kind).
        with django_assert_max_num_queries(24):
            response = client.get(URL, query)
        assert response.status_code == 200


def test_milestones_are_in_the_log_and_pages_split_equal_times_without_loss():
    """A measure's milestones are audited like its values; entries saved at one instant
    (an import writes many) are each on exactly one page, in the same order every time,
    and none is another partnership's."""
    ours, theirs = make_partnership("Oursham"), make_partnership("Theirford")
    for partnership in (ours, theirs):
        make_member(partnership)
        measure = make_measure(partnership, name=f"Timeliness of {partnership.name}", values=3)
        measure_set_milestones(measure=measure, milestones=[(dt.date(2026, 3, 31), Decimal("50"))])
        plan, finding = make_plan(partnership), make_finding(make_inspection(partnership))
        for _ in range(4):
            make_action(plan, finding, title=f"Action of {partnership.name}")
    moment = timezone.now()
    for label in ("actions.MeasureValue", "actions.MeasureMilestone", "actions.Action"):
        apps.get_model(label).history.all().update(history_date=moment)
    for model in (Measure, Organisation, Plan, Inspection, Finding):
        model.history.all().update(history_date=moment)

    log = ActivityQuery(ours)
    whole = [entry.what for entry in log]
    assert f"Milestone 50% by 31 March 2026 of measure ‘Timeliness of {ours.name}’ added" in whole
    assert not any(theirs.name in what for what in whole)
    paged = []
    paginator = Paginator(log, 3)
    for number in paginator.page_range:
        paged += [entry.what for entry in paginator.page(number)]
    assert paged == whole and len(whole) == log.count()
    only = [e.what for e in ActivityQuery(ours, kinds=["actions.MeasureMilestone"])]
    assert only == [f"Milestone 50% by 31 March 2026 of measure ‘Timeliness of {ours.name}’ added"]
