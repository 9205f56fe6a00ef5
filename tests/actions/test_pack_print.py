"""The board pack on paper: its appendix in the report's order, its tables kept whole."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django import forms
from pypdf import PdfReader

from actions.models import Action
from actions.packs import pack_data, render_pack
from inspections.models import Finding, Partnership
from send_tracker.pdf import html_to_pdf

pytestmark = pytest.mark.django_db


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def suffolk_pack_data():
    return pack_data(
        Partnership.objects.get(slug="suffolk"),
        as_of=dt.date(2026, 11, 22),
        since=dt.date(2026, 5, 1),
        prepared_by="Demo officer, Officer",
    )


def test_pack_appendix_lists_areas_for_priority_action_first(demo):
    data = suffolk_pack_data()
    kinds = [a.finding.kind for a in data.all_actions]
    assert kinds.index("improvement") > 0
    assert kinds == sorted(kinds, key=["priority_action", "improvement", "weakness"].index)
    # By finding in the order of the pack's own sections, then by due date.
    section_order = [s.finding.pk for s in data.sections if s.actions]
    assert list(dict.fromkeys(a.finding_id for a in data.all_actions)) == section_order
    for finding_pk in section_order:
        dues = [a.due_date for a in data.all_actions if a.finding_id == finding_pk]
        assert dues == sorted(dues)
    # The RAG changes table follows the appendix's order.
    appendix = [a.pk for a in data.all_actions]
    trail = [appendix.index(t.action.pk) for t in data.rag_trails]
    assert trail == sorted(trail)

    # And so the printed appendix reads: every area for priority action's actions, then
    # every area for improvement's.
    text = " ".join(page_texts(render_pack(data)))
    appendix_text = text[text.index("Appendix: all actions") :]
    codes = re.findall(r"\b(APA|AFI) \d\b", appendix_text)
    assert codes == sorted(codes, key=["APA", "AFI"].index)
    assert codes.count("APA") == kinds.count("priority_action")
    assert codes.count("AFI") == kinds.count("improvement")


def test_actions_by_finding_puts_priority_action_before_improvement_whatever_the_numbers(
    demo,
):
    """The kinds' stored values sort the other way ("improvement" < "priority_action")."""
    suffolk = Partnership.objects.get(slug="suffolk")
    ordered = list(Action.objects.for_partnership(suffolk).by_finding())
    first_improvement = next(
        n for n, a in enumerate(ordered) if a.finding.kind == Finding.Kind.IMPROVEMENT
    )
    assert all(a.finding.kind == Finding.Kind.PRIORITY_ACTION for a in ordered[:first_improvement])
    assert all(a.finding.kind != Finding.Kind.PRIORITY_ACTION for a in ordered[first_improvement:])


def _table(name: str, rows: int) -> str:
    body = "".join(f"<tr><td>{name}r{i}x</td><td>cell</td></tr>" for i in range(1, rows + 1))
    return (
        f"<h2>Heading {name}x</h2><table><caption>Caption {name}x</caption>"
        f"<thead><tr><th>Header {name}x</th><th>Other</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def test_pack_tables_keep_their_rows_and_caption_together():
    """Tables set lower and lower on an A4 page with the pack's stylesheet: wherever the page
    breaks, no row is left alone at the foot or the top of a page, the caption and heading stay
    with the first rows, and the header repeats on every page a table runs over."""
    tables: dict[str, int] = {}
    sections = []
    # Each table on a new page, after a spacer: these heights put the page's foot at every
    # row of a five-row table (and just after the heading of a one-row table).
    for height, rows in [*((h, 5) for h in range(194, 216, 2)), *((h, 1) for h in range(219, 225))]:
        name = f"t{height}n{rows}"
        tables[name] = rows
        sections.append(
            f'<section style="break-before: page"><div style="height: {height}mm"></div>'
            f"{_table(name, rows)}</section>"
        )
    tables["long"] = 90
    sections.append(f'<section style="break-before: page">{_table("long", 90)}</section>')
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Tables</title>'
        '<link rel="stylesheet" href="/static/pdf/pdf.css"></head><body>'
        + "".join(sections)
        + "</body></html>"
    )
    texts = page_texts(html_to_pdf(html))

    def pages_of(token: str) -> list[int]:
        return [n for n, text in enumerate(texts) if token in text]

    split = 0
    for name, rows in tables.items():
        row_page = {i: pages_of(f"{name}r{i}x") for i in range(1, rows + 1)}
        assert all(len(pages) == 1 for pages in row_page.values()), f"{name}: a row split"
        first, last = row_page[1][0], row_page[rows][0]
        assert pages_of(f"Caption {name}x") == pages_of(f"Heading {name}x") == [first], name
        if rows > 1:
            assert row_page[2][0] == first, f"{name}: its first row alone at a page's foot"
            assert row_page[rows - 1][0] == last, f"{name}: its last row alone at a page's top"
        # The header on every page the table's rows are on.
        assert pages_of(f"Header {name}x") == list(range(first, last + 1)), name
        split += last > first
    assert split >= 5  # the page broke inside tables, not only before them


@pytest.mark.django_db
def test_the_action_forms_list_focus_points_of_priority_areas_first(demo):
    """The focus-point choices follow the report's order: areas for priority action, then
    areas for improvement (their stored values sort the other way)."""
    from actions.forms.lifecycle import ActionCreateForm
    from inspections.models import FocusPoint

    partnership = Partnership.objects.get(slug="suffolk")
    improvement = Finding.objects.filter(
        inspection__partnership=partnership, kind="improvement"
    ).first()
    assert improvement is not None
    FocusPoint.objects.create(finding=improvement, order=1, text="A point under an AFI.")
    form = ActionCreateForm(partnership=partnership)
    field = form.fields["focus_point"]
    assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
    kinds = [fp.finding.kind for fp in field.queryset]
    assert "improvement" in kinds and "priority_action" in kinds
    assert kinds.index("improvement") > max(
        i for i, kind in enumerate(kinds) if kind == "priority_action"
    )
