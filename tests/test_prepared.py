"""Prepared reads give exactly what their QuerySets give, and refuse what they cannot do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from actions import reads as action_reads
from actions.models import Action, Measure, MeasureValue
from actions.progress import card_summaries
from inspections import reads as inspection_reads
from inspections.models import Deadline, Organisation, Partnership
from send_tracker.prepared import JSONRows, hydrate, json_rows, prepared
from tests.factories import (
    make_action,
    make_deadline,
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db


def deadlines_qs(partnership_id: int, until: dt.date, title: str | None) -> QuerySet:
    deadlines = Deadline.objects.filter(partnership_id=partnership_id, due_date__lte=until)
    if title is not None:
        deadlines = deadlines.filter(title=title)
    return deadlines.order_by("due_date", "pk").values_list("pk", "title", "due_date")


deadline_rows = prepared(deadlines_qs)


def test_rows_are_what_the_queryset_gives_for_every_shape():
    partnership = make_partnership()
    other = make_partnership()
    for n, days in enumerate((-30, -1, 5, 90)):
        make_deadline(partnership, title=f"D{n}", due_date=dt.date(2026, 6, 1) + dt.timedelta(days))
    make_deadline(other, title="D1", due_date=dt.date(2026, 5, 1))
    for until in (dt.date(2026, 5, 15), dt.date(2026, 6, 1), dt.date(2027, 1, 1)):
        for title in (None, "D1", "D3", "nothing"):
            args = {"partnership_id": partnership.pk, "until": until, "title": title}
            rows = deadline_rows(**args)
            assert [tuple(r) for r in rows] == list(deadlines_qs(**args))
            assert all(r.title and isinstance(r.due_date, dt.date) for r in rows)


def test_a_shape_is_compiled_once_and_every_run_is_a_counted_query():
    partnership = make_partnership()
    calls = []

    @prepared
    def counted(partnership_id: int) -> QuerySet:
        calls.append(partnership_id)
        return deadlines_qs(partnership_id, dt.date(2030, 1, 1), None)

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            counted(partnership_id=partnership.pk)
    assert len(calls) == 1
    assert len(queries) == 3


def test_values_are_converted_as_the_orm_converts_them():
    partnership = make_partnership()
    measure = make_measure(partnership, values=3, target_value=Decimal("41.50"))
    rows = action_reads.measure_rows(partnership_id=partnership.pk)
    assert [r.target_value for r in rows] == [Decimal("41.50")]
    assert rows[0].higher_is_better is True
    values = action_reads.value_rows(partnership_id=partnership.pk)
    expected = list(
        MeasureValue.objects.filter(measure=measure)
        .order_by("date")
        .values_list("measure_id", "date", "value")
    )
    assert [(m, d, Decimal(v)) for m, d, v in values] == expected


def test_each_measure_card_reads_its_latest_values():
    partnership = make_partnership()
    many = make_measure(partnership, values=20, name="A many")
    few = make_measure(partnership, values=3, name="B few")
    make_measure(partnership, name="C none")
    rows = action_reads.measure_card_rows(partnership_id=partnership.pk)
    assert [r.name for r in rows] == ["A many", "B few", "C none"]
    recent = {
        r.id: sorted(pair.split("=")[0] for pair in (r.recent or "").split(";") if pair)
        for r in rows
    }
    newest = sorted(
        str(d)
        for d in MeasureValue.objects.filter(measure=many)
        .order_by("-date")
        .values_list("date", flat=True)[: action_reads.CARD_VALUES + 1]
    )
    assert recent[many.pk] == newest
    assert len(recent[few.pk]) == 3
    (card_many, card_few, card_none) = card_summaries(rows)
    assert card_many.more is True and len(card_many.points) == action_reads.CARD_VALUES
    assert card_many.latest.value == Decimal(59)  # 40 + 19, the newest value
    assert [p.date for p in card_many.points] == sorted(p.date for p in card_many.points)
    assert card_few.more is False and len(card_few.points) == 3
    assert card_none.points == [] and card_none.latest is None


def test_an_unsupported_read_is_refused_at_first_use():
    @prepared
    def by_pattern(name: str) -> QuerySet:
        return Partnership.objects.filter(name__icontains=name).values_list("pk")

    with pytest.raises(ImproperlyConfigured, match="one SQL parameter"):
        by_pattern(name="shire")

    @prepared
    def whole_rows(pk: int) -> QuerySet:
        return Partnership.objects.filter(pk=pk)

    with pytest.raises(ImproperlyConfigured, match="values"):
        whole_rows(pk=1)

    with pytest.raises(ImproperlyConfigured, match="int, str or date"):

        @prepared
        def by_amount(amount: Decimal) -> QuerySet:
            return Measure.objects.filter(target_value=amount).values_list("pk")


def test_arguments_are_checked():
    with pytest.raises(TypeError):
        deadline_rows(partnership_id="1", until=dt.date(2026, 1, 1), title=None)
    with pytest.raises(TypeError):
        deadline_rows(partnership_id=True, until=dt.date(2026, 1, 1), title=None)
    with pytest.raises(TypeError):
        deadline_rows(partnership_id=1, until="2026-01-01", title=None)
    with pytest.raises(TypeError):
        deadline_rows(partnership_id=1, until=dt.date(2026, 1, 1))


def test_an_id_beyond_any_database_integer_finds_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert deadline_rows(partnership_id=10**20, until=dt.date(2026, 1, 1), title=None) == []
    assert len(queries) == 0


def test_hydrate_builds_a_saved_instance_with_the_rest_deferred():
    partnership = make_partnership()
    plan = make_plan(partnership)
    finding = make_finding(make_inspection(partnership))
    action = make_action(plan, finding=finding, title="Recruit caseworkers")
    (row,) = action_reads.action_row(partnership_id=partnership.pk, action_id=action.pk)
    built = hydrate(Action, id=row.id, title=row.title, plan_id=row.plan_id)
    assert built.pk == action.pk and built.title == "Recruit caseworkers"
    assert built._state.adding is False
    assert "description" in built.get_deferred_fields()
    with pytest.raises(TypeError):
        hydrate(Action, id=1, colour="red")


def test_membership_is_read_with_its_partnership_in_one_query():
    partnership = make_partnership()
    user = make_member(partnership)
    with CaptureQueriesContext(connection) as queries:
        membership = inspection_reads.membership_of(user.pk, partnership.slug)
        assert membership.partnership.name == partnership.name
        assert membership.member_of_several is False
        assert inspection_reads.membership_of(user.pk, "someone-else") is None
    assert len(queries) == 2
    make_member(make_partnership(), user=user)
    assert inspection_reads.membership_of(user.pk, partnership.slug).member_of_several is True


def test_json_rows_come_back_in_the_querysets_order_as_the_database_sorts():
    """Each row carries its position in the inner QuerySet's order, numbered by the
    database: an order Python could not reproduce (case-insensitive, descending) holds."""
    partnership = make_partnership()
    for name in ["B council", "a council", "C council"]:
        make_organisation(partnership, name=name)
    measure = make_measure(partnership, values=3)

    def lists(order):
        (row,) = (
            Partnership.objects.filter(pk=partnership.pk)
            .annotate(
                names=JSONRows(
                    Organisation.objects.filter(partnership_id=OuterRef("pk"))
                    .order_by(order)
                    .values("name")
                ),
                values=JSONRows(
                    MeasureValue.objects.filter(measure_id=measure.pk)
                    .order_by("-date")
                    .values("value")
                ),
            )
            .values_list("names", "values")
        )
        return [r["name"] for r in json_rows(row[0])], [r["value"] for r in json_rows(row[1])]

    names, values = lists(Lower("name"))
    assert names == ["a council", "B council", "C council"]
    assert values == [Decimal(42), Decimal(41), Decimal(40)]  # newest first, as Decimals
    assert lists(Lower("name").desc())[0] == ["C council", "B council", "a council"]
    assert json_rows(None) == [] and json_rows("[]") == []
