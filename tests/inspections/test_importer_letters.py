"""Monitoring letters built here, with 1 to 6 areas for priority action and either
outcome: the letter reader relies only on the structure every letter shares (the title,
the dates, "Area for priority action N" headings, "Outcome: … action" and "Yours
sincerely"), not on the one letter in the repository."""

from __future__ import annotations

import pytest

from inspections.importer import read_text

OUTCOMES = ["effective", "ineffective"]
SERVICES = ["speech therapy", "EHC plans", "autism assessment", "transport", "the local offer"]
SERVICES += ["short breaks"]


def letter(area: str, outcomes: list[str]) -> str:
    parts = [
        "Ofsted",
        "Piccadilly Gate",
        "Manchester",
        "",
        "3 April 2026",
        "",
        "Pat Director, Director of Children’s Services, Testshire County Council",
        "Sam Chief, Chief Executive, NHS Testshire ICB",
        "",
        f"Area SEND monitoring inspection of {area} Local Area Partnership",
        "",
        "Dear Local Area Partnership",
        "",
        "Between 9 March 2026 and 11 March 2026, Ofsted and the Care Quality Commission "
        f"carried out a monitoring inspection of the {area} local area partnership. The "
        "monitoring inspection followed the full inspection of 13 to 17 November 2023.",
        "",
        "Findings",
        "",
    ]
    for number, outcome in enumerate(outcomes, start=1):
        service = SERVICES[number - 1]
        parts += [
            f"Area for priority action {number}:",
            "",
            f"Leaders should improve {service} so that:",
            f"• children wait less for {service}",
            "• families are told what happens next.",
            "",
            f"Outcome: {outcome.capitalize()} action",
            "",
            f"Leaders have changed how {service} works. Families say it is "
            + ("better." if outcome == "effective" else "no better yet."),
            "",
            f"The partnership’s figures for {service} show the change.",
            "",
        ]
    parts += [
        "Next steps",
        "",
        "The partnership should update its improvement plan.",
        "",
        "Yours sincerely",
        "",
        "Ann Example",
        "His Majesty’s Inspector",
        "",
        "Bob Sample",
        "CQC Children’s Services Inspector",
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_letters_with_any_number_of_areas_all_judged_alike(count, outcome):
    _, parsed = read_text(letter("Testshire", [outcome] * count))
    assert parsed.kind == "monitoring"
    assert parsed.local_area == "Testshire"
    assert (parsed.start_date.isoformat(), parsed.end_date.isoformat()) == (
        "2026-03-09",
        "2026-03-11",
    )
    assert parsed.previous_inspection == "13 to 17 November 2023"
    assert [(j.area_number, j.outcome) for j in parsed.judgements] == [
        (n, outcome) for n in range(1, count + 1)
    ]
    for service, area, judgement in zip(
        SERVICES, parsed.priority_areas, parsed.judgements, strict=False
    ):
        assert area.statement == f"Leaders should improve {service} so that:"
        assert area.focus_points == [
            f"children wait less for {service}",
            "families are told what happens next.",
        ]
        assert judgement.narrative.split("\n\n") == [
            f"Leaders have changed how {service} works. Families say it is "
            + ("better." if outcome == "effective" else "no better yet."),
            f"The partnership’s figures for {service} show the change.",
        ]
    assert [(m.name, m.inspectorate) for m in parsed.team] == [
        ("Ann Example", "ofsted"),
        ("Bob Sample", "cqc"),
    ]


@pytest.mark.parametrize("count", [2, 5])
def test_letters_with_mixed_outcomes(count):
    outcomes = [OUTCOMES[n % 2] for n in range(count)]
    _, parsed = read_text(letter("Testshire", outcomes))
    assert [j.outcome for j in parsed.judgements] == outcomes
