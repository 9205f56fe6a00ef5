"""Evidence of impact: measures linked to national statistics with England, region and
statistical neighbours; milestones against actuals; RAG only where a target or benchmark
exists, with its rule; a red measure asks its owner for commentary; flat query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.impact import impact_of, impacts_for
from actions.models import Measure, MeasureMilestone
from actions.packs import pack_data
from benchmarks.models import Indicator
from inspections.models import Membership, Partnership
from tests.factories import (
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_partnership,
)

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def ehc(slug: str) -> Measure:
    return Measure.objects.get(partnership__slug=slug, name="New EHC plans issued within 20 weeks")


def test_the_demo_shows_suffolks_real_series_with_comparators(leader_client):
    measure = ehc("suffolk")
    assert measure.indicator is not None and not measure.is_illustrative
    html = leader_client.get(url("actions:measures")).content.decode()
    section = html[html.index(f'id="measure-{measure.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Source: DfE, Education, health and care plans" in section
    assert "June 2025 release" in section
    for figure in ("3.9%", "25.4%", "49.1%", "45.9%", "39.3%", "East of England"):
        assert figure in section, figure
    assert "10 of 10 neighbours with a figure" in section
    assert "Up 21.5 points from 3.9% (2023) to 25.4% (2024): improving" in section
    # Amber by the rule shown: the target missed, the 2024 milestone met.
    assert "Amber: 25.4% (2024) misses the target of 50% but meets the milestone of 20%" in section
    assert 'role="img"' in section and "<caption" in section  # the chart and its table
    assert "Illustrative" not in section[: section.index("</h2>")]
    # The impact table at the top lists it with its milestones against actuals.
    table = html[html.index("app-impact-table") : html.index("</table>")]
    assert "20% by 31 December 2024: 25.4% (2024), met" in table
    assert "35% by 31 December 2025: not yet due" in table


def test_bexley_sees_its_own_authority_and_a_red_measure_asks_its_owner(bexley_client):
    html = bexley_client.get(url("actions:measures", "bexley")).content.decode()
    assert "66.7%" in html and "81.9%" in html and "London" in html
    assert "Suffolk" not in html.replace("Suffolk Parent", "")
    assert "Red: 66.7% (2024) misses the milestone of 82% due by 31 December 2024" in html
    assert "Demo Bexley leader, its owner, is asked for a short commentary" in html
    measure = ehc("bexley")
    response = bexley_client.post(
        url("actions:measure-commentary", "bexley", pk=measure.pk),
        {f"commentary-{measure.pk}-commentary": "A backlog of assessments; cleared by March."},
    )
    assert response.status_code == 302
    html = bexley_client.get(url("actions:measures", "bexley")).content.decode()
    assert "A backlog of assessments; cleared by March." in html
    assert "is asked for a short commentary" not in html
    finding = measure.findings.get()
    page = bexley_client.get(url("actions:finding", "bexley", pk=finding.pk)).content.decode()
    assert "A backlog of assessments; cleared by March." in page and "66.7%" in page


def test_commentary_needs_the_owner_or_an_officer(demo):
    measure = ehc("suffolk")
    board = Client()
    board.force_login(Membership.objects.get(user__username="suffolk-board").user)
    target = url("actions:measure-commentary", pk=measure.pk)
    data = {f"commentary-{measure.pk}-commentary": "Because."}
    assert board.post(target, data).status_code == 403
    Measure.objects.filter(pk=measure.pk).update(
        owner=Membership.objects.get(user__username="suffolk-board").user
    )
    assert board.post(target, data).status_code == 302
    empty = board.post(target, {f"commentary-{measure.pk}-commentary": ""})
    assert empty.status_code == 200 and "Enter the commentary" in empty.content.decode()
    assert board.get(target).status_code == 405


def test_hand_entered_measures_keep_working_beside_linked_ones(officer):
    measures = officer.get(url("actions:measures")).content.decode()
    assert "Annual reviews completed within 12 months" in measures
    assert "Figures entered by the partnership" in measures or "Illustrative figures" in measures
    linked = ehc("suffolk")
    response = officer.post(
        url("actions:measure-add-value", pk=linked.pk),
        {f"measure-{linked.pk}-date": "2025-01-01", f"measure-{linked.pk}-value": "30"},
    )
    assert response.status_code == 302 and not linked.values.exists()


def test_officers_link_a_measure_set_milestones_and_an_owner(officer):
    indicator = Indicator.objects.get()
    leader = Membership.objects.get(user__username="suffolk-leader").user
    data = {
        "name": "Timeliness (linked)",
        "definition": "",
        "unit": "percent",
        "higher_is_better": "on",
        "target_value": "50",
        "target_date": "2027-12-31",
        "indicator": indicator.pk,
        "owner": leader.pk,
        "milestones": "2025-12-31 30\n2026-12-31, 40%\n",
    }
    assert officer.post(url("actions:measure-add"), data).status_code == 302
    measure = Measure.objects.get(name="Timeliness (linked)")
    assert measure.indicator == indicator and measure.owner == leader
    assert list(measure.milestones.values_list("date", "value")) == [
        (dt.date(2025, 12, 31), Decimal("30")),
        (dt.date(2026, 12, 31), Decimal("40")),
    ]
    edit = url("actions:measure-edit", pk=measure.pk)
    assert "2025-12-31 30" in officer.get(edit).content.decode()
    for milestones, message in [
        ("31/12/2025 30", "Line 1: write the date as YYYY-MM-DD"),
        ("2025-12-31 30\n2025-12-31 31", "Line 2: 2025-12-31 has a milestone already"),
        ("2025-12-31 130", "A percentage must be between 0 and 100"),
    ]:
        response = officer.post(edit, {**data, "milestones": milestones})
        assert response.status_code == 200 and message in response.content.decode()
    wrong_unit = officer.post(edit, {**data, "unit": "weeks"})
    assert "choose the same unit" in wrong_unit.content.decode()
    assert measure.milestones.count() == 2
    # Another partnership's member cannot be made owner.
    stranger = make_member(make_partnership())
    refused = officer.post(edit, {**data, "owner": stranger.pk})
    assert refused.status_code == 200 and Measure.objects.get(pk=measure.pk).owner == leader


def test_rag_only_where_a_target_or_benchmark_exists():
    partnership = make_partnership()
    bare = make_measure(partnership, values=2)
    m = Measure.objects.filter(pk=bare.pk).with_values()
    (impact,) = impacts_for(partnership, list(m))
    assert impact.rag == "" and "no target and no benchmark" in impact.rag_reason
    # Only England's average: green at or better, red worse (no neighbours to soften it).
    Measure.objects.filter(pk=bare.pk).update(england_average=Decimal("41"))
    (impact,) = impacts_for(partnership, list(Measure.objects.filter(pk=bare.pk).with_values()))
    assert impact.rag == "green" and "at or better than England (41%)" in impact.rag_reason
    Measure.objects.filter(pk=bare.pk).update(england_average=Decimal("60"))
    (impact,) = impacts_for(partnership, list(Measure.objects.filter(pk=bare.pk).with_values()))
    assert impact.rag == "red" and impact.needs_commentary
    # A target not met and no milestone due: amber when better than the baseline.
    Measure.objects.filter(pk=bare.pk).update(
        target_value=Decimal("90"), baseline_value=Decimal("30")
    )
    (impact,) = impacts_for(partnership, list(Measure.objects.filter(pk=bare.pk).with_values()))
    assert impact.rag == "amber" and "better than the baseline of 30%" in impact.rag_reason
    MeasureMilestone.objects.create(measure=bare, date=dt.date(2024, 1, 1), value=Decimal("45"))
    (impact,) = impacts_for(partnership, list(Measure.objects.filter(pk=bare.pk).with_values()))
    assert impact.rag == "red" and "misses the milestone of 45%" in impact.rag_reason
    assert impact.milestones[0].met is False
    lower = make_measure(partnership, values=2, higher_is_better=False, target_value=Decimal("45"))
    (impact,) = impacts_for(partnership, list(Measure.objects.filter(pk=lower.pk).with_values()))
    assert impact.rag == "green"  # 41% against a target of at most 45%
    assert (
        impact.trend
        == "Up 1 point from 40% (1 January 2024) to 41% (31 January 2024): getting worse."
    )


def test_the_pack_shows_the_impact_table(demo):
    partnership = Partnership.objects.get(slug="suffolk")
    data = pack_data(
        partnership, as_of=dt.date(2026, 11, 1), since=dt.date(2026, 8, 1), prepared_by="x"
    )
    names = [i.measure.name for i in data.impacts]
    assert "New EHC plans issued within 20 weeks" in names
    impact = next(i for i in data.impacts if i.linked)
    assert impact.latest is not None
    assert impact.latest.value == Decimal("25.4") and impact.england == Decimal("45.9")
    assert any(impact in section.measures for section in data.sections)


def _linked_partnership(size: int, indicator: Indicator) -> tuple[Partnership, Client]:
    partnership = make_partnership(local_authority_codes="E10000029")
    client = Client()
    client.force_login(make_member(partnership, role=Membership.Role.OFFICER))
    finding = make_finding(make_inspection(partnership))
    for n in range(size):
        linked = make_measure(partnership, indicator=indicator, target_value=Decimal("50"))
        hand = make_measure(partnership, values=size, target_value=Decimal("60"))
        for measure in (linked, hand):
            measure.findings.add(finding)
            MeasureMilestone.objects.create(
                measure=measure, date=dt.date(2024, 12, 31), value=Decimal(20 + n)
            )
    return partnership, client


@pytest.mark.parametrize("page", ["measures", "finding", "dashboard"])
def test_pages_with_comparators_keep_flat_query_counts(demo, page):
    indicator = Indicator.objects.get()
    counts = []
    for size in (2, 6):
        partnership, client = _linked_partnership(size, indicator)
        target = {
            "measures": url("actions:measures", partnership.slug),
            "finding": url(
                "actions:finding",
                partnership.slug,
                pk=partnership.inspections.get().findings.get().pk,
            ),
            "dashboard": url("actions:dashboard", partnership.slug),
        }[page]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target)
            assert response.status_code == 200
        assert "25.4%" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], (counts, [q["sql"][:100] for q in queries])
    # Measures: 3 for the sign-in; measures, values, findings, milestones; 4 of statistics.
    assert page != "measures" or counts[0] <= 3 + 4 + 4, counts


def test_impact_of_a_linked_measure_without_an_authority_code_says_so(demo):
    partnership = make_partnership()
    measure = make_measure(partnership, indicator=Indicator.objects.get())
    impact = impact_of(list(Measure.objects.filter(pk=measure.pk).with_values())[0], None)
    assert impact.rows == [] and impact.rag == "" and impact.trend == "No figures yet."
