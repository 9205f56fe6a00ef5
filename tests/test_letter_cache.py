"""Letters are rendered once and served from the shared cache until something printed in them
changes (security review finding 2); the import review accepts no more than a real letter
holds, so the largest letter it can make is bounded."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actions import services
from actions.models import Action
from actions.views import packs
from inspections import views
from inspections.importer import read_text
from inspections.importer.forms import ReviewForms
from inspections.importer.formsets import MAX_AREAS, MAX_JUDGEMENTS
from inspections.importer.result import JudgementRead, ParsedReport, PriorityArea
from inspections.importer.save import report_import
from inspections.models import Inspection, Membership
from tests.actions.test_pdf import suffolk_monitoring, text_of
from tests.clients import sign_in
from tests.factories import PASSWORD, make_member, make_partnership
from tests.inspections.importer_support import letter_text

pytestmark = pytest.mark.django_db


class RenderSpy:
    """Counts the PDFs a view module renders, rendering each as before."""

    def __init__(self, render: Callable[..., bytes]) -> None:
        self.render = render
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        self.calls += 1
        return self.render(*args, **kwargs)


@pytest.fixture
def monitoring_renders(monkeypatch) -> RenderSpy:
    spy = RenderSpy(views.render_pdf)
    monkeypatch.setattr(views, "render_pdf", spy)
    return spy


@pytest.fixture
def readiness_renders(monkeypatch) -> RenderSpy:
    spy = RenderSpy(packs.render_pdf)
    monkeypatch.setattr(packs, "render_pdf", spy)
    return spy


def letter_url(inspection: Inspection) -> str:
    slug = inspection.partnership.slug
    return reverse("inspections:letter", kwargs={"slug": slug, "pk": inspection.pk})


def test_the_monitoring_letter_is_rendered_once_until_it_changes(board_client, monitoring_renders):
    monitoring = suffolk_monitoring()
    first = board_client.get(letter_url(monitoring))
    second = board_client.get(letter_url(monitoring))
    assert first.status_code == second.status_code == 200
    assert monitoring_renders.calls == 1  # the second came from the cache
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]

    # The letter is imported again with a corrected finding: the next download shows it.
    _, parsed = read_text(letter_text())
    parsed.judgements[0].narrative += "\n\nA sentence added when the letter was corrected."
    report_import(partnership=monitoring.partnership, parsed=parsed)
    third = board_client.get(letter_url(monitoring))
    assert monitoring_renders.calls == 2
    assert "A sentence added when the letter was corrected." in text_of(third.content)


def test_the_readiness_letter_is_rendered_once_until_it_changes(
    board_client, leader_client, readiness_renders
):
    full = suffolk_monitoring().follows
    assert full is not None
    url = reverse("actions:readiness", kwargs={"slug": "suffolk", "pk": full.pk})
    first = board_client.get(url)
    assert board_client.get(url).content == first.content
    assert readiness_renders.calls == 1
    # Prepared by someone else: their name is printed, so it is their own letter.
    assert "Demo Suffolk leader" in text_of(leader_client.get(url).content)
    assert readiness_renders.calls == 2

    action = Action.objects.for_partnership(full.partnership).filter(finding__inspection=full)[0]
    services.action_update_details(
        action=action,
        expected_version=action.version,
        details={"title": "A title changed after the first download"},
    )
    assert "A title changed after the first download" in text_of(board_client.get(url).content)
    assert readiness_renders.calls == 3


# --- The largest letter the import review accepts -------------------------------------------


def post_data(review: ReviewForms) -> dict[str, Any]:
    """What the review page would post back for `review` as it stands (its initial values)."""
    data: dict[str, Any] = {}
    for form_or_formset in review.all:
        if hasattr(form_or_formset, "management_form"):
            management = form_or_formset.management_form
            data.update({field.html_name: field.value() for field in management})
            data[management["TOTAL_FORMS"].html_name] = len(form_or_formset.initial or [])
            forms = form_or_formset.forms[: len(form_or_formset.initial or [])]
        else:
            forms = [form_or_formset]
        for form in forms:
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None else value
    return data


def maximal(kind: str, areas: int, text: str) -> ParsedReport:
    """A report or letter with `areas` areas and every text as long as the review accepts."""
    common: dict[str, Any] = {"local_area": "Testshire", "outcome_text": "o" * 5_000}
    if kind == "full":
        return ParsedReport(
            kind="full",
            start_date=dt.date(2024, 1, 8),
            end_date=dt.date(2024, 1, 12),
            published_date=dt.date(2024, 2, 20),
            outcome="systemic",
            priority_areas=[
                PriorityArea(n, "Testshire Council", f"Area {n}. " + text[:2_990], [text[:5_900]])
                for n in range(1, areas + 1)
            ],
            **common,
        )
    return ParsedReport(
        kind="monitoring",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 5),
        published_date=dt.date(2025, 4, 1),
        previous_inspection="8 to 12 January 2024",
        judgements=[JudgementRead(n, "effective", text[:15_000]) for n in range(1, areas + 1)],
        **common,
    )


def reviewed(parsed: ParsedReport) -> ReviewForms:
    return ReviewForms(post_data(ReviewForms(parsed=parsed, source_text="x")))


def test_the_review_refuses_more_areas_than_a_letter_holds():
    text = "A long sentence about the local area partnership's progress. " * 300
    review = reviewed(maximal("monitoring", MAX_JUDGEMENTS + 1, text))
    assert not review.is_valid()
    assert ("judgement-section", f"Enter at most {MAX_JUDGEMENTS} rows here: remove the rest") in (
        review.errors()
    )
    review = reviewed(maximal("full", MAX_AREAS + 1, text))
    assert not review.is_valid()
    assert any("at most" in message for _, message in review.errors())


def test_the_largest_letter_the_review_accepts_is_rendered_once(monitoring_renders):
    partnership = make_partnership("Testshire")
    text = "A long sentence about the local area partnership's progress. " * 300
    for kind, areas in (("full", MAX_AREAS), ("monitoring", MAX_JUDGEMENTS)):
        review = reviewed(maximal(kind, areas, text))
        assert review.is_valid(), review.errors()
        report_import(partnership=partnership, parsed=review.parsed())
    monitoring = Inspection.objects.get(partnership=partnership, kind="monitoring_2023")
    reader = sign_in(make_member(partnership, Membership.Role.BOARD).username, password=PASSWORD)
    first = reader.get(letter_url(monitoring))
    assert first.status_code == 200
    assert len(PdfReader(io.BytesIO(first.content)).pages) >= 40  # every word printed
    assert reader.get(letter_url(monitoring)).content == first.content
    assert monitoring_renders.calls == 1
