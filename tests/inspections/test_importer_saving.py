"""Saving what was read: organisations, findings, judgements, and importing again."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.importer import ParsedReport, read_text
from inspections.importer.result import PriorityArea
from inspections.importer.save import (
    ImportRefused,
    guess_organisation_kind,
    organisation_key,
    report_import,
    split_bodies,
)
from inspections.models import Finding, Inspection, Organisation, Partnership
from tests.factories import make_partnership
from tests.inspections.importer_support import (
    REPORT_NAMES,
    letter_text,
    read_report,
    row_counts,
    snapshot,
)

# --- Organisations -------------------------------------------------------------------------


def test_responsible_bodies_are_split_where_one_name_ends():
    assert split_bodies(
        "Suffolk County Council, NHS Suffolk and North East Essex ICB and NHS Norfolk and "
        "Waveney area ICB"
    ) == [
        "Suffolk County Council",
        "NHS Suffolk and North East Essex ICB",
        "NHS Norfolk and Waveney area ICB",
    ]
    assert split_bodies(
        "Hertfordshire County Council and NHS Hertfordshire and West Essex Integrated Care Board"
    ) == ["Hertfordshire County Council", "NHS Hertfordshire and West Essex Integrated Care Board"]
    assert split_bodies("Bexley Council and South East London ICB") == [
        "Bexley Council",
        "South East London ICB",
    ]


def test_organisation_names_match_their_variants():
    assert organisation_key("NHS Norfolk and Waveney area ICB") == organisation_key(
        "NHS Norfolk and Waveney ICB"
    )
    assert organisation_key("Hertfordshire and West Essex Integrated Care Board") == (
        organisation_key("NHS  hertfordshire AND west essex ICB")
    )
    assert organisation_key("Suffolk County Council") != organisation_key("Suffolk Council")
    assert guess_organisation_kind("Testshire County Council") == "council"
    assert guess_organisation_kind("London Borough of Testshire") == "council"
    assert guess_organisation_kind("NHS Testshire Integrated Care Board") == "icb"
    assert guess_organisation_kind("Testshire Parent Carer Forum") == "pcf"
    assert guess_organisation_kind("Testshire Police") == "other"


# --- Saving --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_report_records_the_inspection_findings_and_bodies():
    partnership = make_partnership("Hertfordshire", slug="hertfordshire")
    _, parsed = read_report("hertfordshire")
    result = report_import(partnership=partnership, parsed=parsed)
    inspection = result.inspection
    assert inspection is not None
    assert (inspection.kind, inspection.outcome) == ("full_2023", "systemic")
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2023, 7, 10),
        dt.date(2023, 7, 14),
    )
    assert inspection.outcome_text.startswith("There are widespread and/or systemic failings")
    assert inspection.findings.filter(kind="priority_action").count() == 2
    assert inspection.findings.filter(kind="improvement").count() == 5
    assert list(inspection.team.values_list("name", "inspectorate")) == [
        ("Katherine Douglas", "ofsted"),
        ("Margaret Burke", "ofsted"),
        ("Charlie Fordham", "ofsted"),
        ("Daniel Carrick", "cqc"),
        ("Lesley Perry", "cqc"),
    ]
    assert sorted(partnership.organisations.values_list("name", "kind")) == [
        ("Hertfordshire County Council", "council"),
        ("NHS Hertfordshire and West Essex Integrated Care Board", "icb"),
    ]
    for finding in inspection.findings.filter(kind="priority_action"):
        assert finding.responsible_bodies.count() == 2
    # The framework's implied deadlines: monitoring in ~18 months, reinspection in ~3 years.
    assert inspection.deadlines.count() == 2
    # 1 inspection, 5 team members, 7 findings, 2 organisations and 2 deadlines.
    assert (result.created, result.updated) == (1 + 5 + 7 + 2 + 2, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_importing_the_same_report_again_changes_nothing(name):
    _, parsed = read_report(name)
    partnership = make_partnership(
        f"{name.title()} test", slug=f"{name}-test", local_areas=parsed.local_area
    )
    first = report_import(partnership=partnership, parsed=parsed)
    assert first.created > 0
    counts, values = row_counts(), snapshot(partnership)
    second = report_import(partnership=partnership, parsed=parsed)
    assert (second.created, second.updated) == (0, 0)
    assert second.inspection == first.inspection
    assert row_counts() == counts
    assert snapshot(partnership) == values


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["suffolk", "bexley"])
def test_importing_a_demo_report_changes_nothing_in_the_demo_record(demo, slug):
    """The demo record is the hand-checked transcription of the same PDF."""
    partnership = Partnership.objects.get(slug=slug)
    counts, values = row_counts(), snapshot(partnership)
    result = report_import(partnership=partnership, parsed=read_report(slug)[1])
    assert (result.created, result.updated) == (0, 0)
    assert row_counts() == counts
    assert snapshot(partnership) == values


@pytest.mark.django_db
def test_the_letter_changes_nothing_in_the_demo_record(demo):
    suffolk = Partnership.objects.get(slug="suffolk")
    counts, values = row_counts(), snapshot(suffolk)
    result = report_import(partnership=suffolk, parsed=read_text(letter_text())[1])
    assert (result.created, result.updated) == (0, 0)
    assert row_counts() == counts
    assert snapshot(suffolk) == values


@pytest.mark.django_db
def test_the_letters_judgements_attach_to_the_recorded_full_inspection(demo):
    suffolk = Partnership.objects.get(slug="suffolk")
    recorded = Inspection.objects.get(partnership=suffolk, kind="monitoring_2023")
    expected = list(recorded.judgements.values_list("finding_id", "outcome", "narrative"))
    recorded.delete()
    full = Inspection.objects.get(partnership=suffolk, kind="full_2023")
    findings_before = Finding.objects.count()

    result = report_import(partnership=suffolk, parsed=read_text(letter_text())[1])

    monitoring = result.inspection
    assert monitoring is not None and monitoring.follows == full
    assert (monitoring.start_date, monitoring.end_date, monitoring.published_date) == (
        dt.date(2026, 3, 23),
        dt.date(2026, 3, 25),
        dt.date(2026, 5, 20),
    )
    assert sorted(
        monitoring.judgements.values_list("finding_id", "outcome", "narrative")
    ) == sorted(expected)
    assert {j.finding.inspection_id for j in monitoring.judgements.all()} == {full.pk}
    assert Finding.objects.count() == findings_before  # none invented from the letter
    assert list(monitoring.team.values_list("name", "is_signatory")) == [
        ("Kieran Bird", True),
        ("Nick Bennison", True),
        ("Claire Mason", True),
        ("Lisa Laughlin", True),
    ]
    assert monitoring.addressees.count() == 2
    deadline = full.deadlines.get(title__startswith="Monitoring inspection")
    assert (deadline.status, deadline.met_date) == ("met", dt.date(2026, 3, 25))


@pytest.mark.django_db
def test_a_letter_whose_inspection_is_not_recorded_is_refused():
    partnership = make_partnership("Suffolk test", slug="suffolk-test", local_areas="Suffolk")
    counts = row_counts()
    with pytest.raises(ImportRefused, match="13 to 17 November 2023, which is not recorded"):
        report_import(partnership=partnership, parsed=read_text(letter_text())[1])
    assert row_counts() == counts

    report_import(partnership=partnership, parsed=read_report("suffolk")[1])
    result = report_import(partnership=partnership, parsed=read_text(letter_text())[1])
    assert result.inspection is not None
    assert result.inspection.judgements.count() == 2


@pytest.mark.django_db
def test_responsible_bodies_reuse_the_partnerships_organisations():
    partnership = make_partnership("Testshire", slug="testshire")
    council = Organisation.objects.create(
        partnership=partnership, name="Testshire County Council", short_name="TCC", kind="council"
    )
    icb = Organisation.objects.create(
        partnership=partnership, name="NHS Testshire and Wold ICB", kind="icb"
    )
    parsed = ParsedReport(
        kind="full",
        local_area="Testshire",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 7),
        outcome="systemic",
    )
    parsed.priority_areas = [
        PriorityArea(
            1, "testshire county  council and NHS Testshire and Wold Integrated Care Board", "A."
        ),
        PriorityArea(2, "TCC, Testshire Parent Carer Forum", "B."),
    ]
    report_import(partnership=partnership, parsed=parsed)
    first, second = Finding.objects.filter(inspection__partnership=partnership).order_by("number")
    assert set(first.responsible_bodies.all()) == {council, icb}
    forum = Organisation.objects.get(partnership=partnership, name="Testshire Parent Carer Forum")
    assert forum.kind == "pcf"
    assert set(second.responsible_bodies.all()) == {council, forum}
    assert partnership.organisations.count() == 3


@pytest.mark.django_db
def test_an_area_for_improvements_focus_points_are_saved_and_printed_in_the_pack():
    import io

    from pypdf import PdfReader

    from actions.packs import pack_data, render_pack

    partnership = make_partnership("Bexley", slug="bexley-only")
    report_import(partnership=partnership, parsed=read_report("bexley")[1])
    finding = Finding.objects.get(
        inspection__partnership=partnership, kind=Finding.Kind.IMPROVEMENT, number=2
    )
    points = list(finding.focus_points.values_list("text", flat=True))
    assert len(points) == 3 and points[0].startswith("practitioners have access")
    data = pack_data(
        partnership, as_of=dt.date(2026, 1, 1), since=dt.date(2025, 1, 1), prepared_by="x"
    )
    (section,) = [s for s in data.sections if s.finding.pk == finding.pk]
    assert [p.text for p in section.focus_points] == points
    pdf = render_pack(data)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "they can evaluate their work more accurately" in " ".join(text.split())
