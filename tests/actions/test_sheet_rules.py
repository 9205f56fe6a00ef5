"""An import changes the tracker only as the pages would let the same person change it:
status, RAG and completion by leaders, admins and the action's owner; a focus point always
of the action's finding; no typed values for a measure fed by national statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from actions.models import Action, MeasureValue, SheetKind
from actions.sheets import save
from actions.sheets.action_rows import Checked
from actions.sheets.read import Table
from benchmarks.models import Indicator
from inspections.models import Membership
from tests.factories import (
    make_action,
    make_finding,
    make_inspection,
    make_measure,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HEADINGS = [
    "Reference",
    "Version",
    "Finding",
    "Title",
    "Status",
    "RAG",
    "Completed",
    "Note",
    "Owner",
]
MAPPING = {
    "reference": 0,
    "version": 1,
    "finding": 2,
    "title": 3,
    "status": 4,
    "rag": 5,
    "completed_date": 6,
    "closing_note": 7,
}


@pytest.fixture
def world():
    partnership = make_partnership()
    leader = make_member(partnership, role=Membership.Role.LEADER)
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    plan = make_plan(partnership)
    first = make_finding(make_inspection(partnership), focus_points=2, number=1)
    second = make_finding(first.inspection, focus_points=1, number=2)
    organisation = make_organisation(partnership)
    theirs = make_action(
        plan,
        first,
        owner=leader,
        title="Led by the leader",
        lead_organisation=organisation,
        focus_point=first.focus_points.get(order=1),
    )
    mine = make_action(
        plan, first, owner=officer, title="Owned by the officer", lead_organisation=organisation
    )
    return partnership, leader, officer, plan, (first, second), theirs, mine


def row(action: Action, **cells) -> list:
    values = {
        "finding": f"APA {action.finding.number}",
        "title": action.title,
        "status": action.get_status_display(),
        "rag": action.get_rag_display(),
        "completed": "",
        "note": "",
        **cells,
    }
    return [
        action.tracker_reference,
        action.version,
        values["finding"],
        values["title"],
        values["status"],
        values["rag"],
        values["completed"],
        values["note"],
    ]


def import_rows(partnership, user, plan, rows, mapping=None):
    upload = save.sheet_import_start(
        partnership=partnership,
        kind=SheetKind.ACTIONS,
        by=user,
        filename="tracker.csv",
        table=Table(HEADINGS, [(n + 2, r) for n, r in enumerate(rows)]),
        plan=plan,
    )
    save.sheet_import_map(upload=upload, mapping=mapping or MAPPING)
    editor = Membership.objects.get(partnership=partnership, user=user)
    return upload, editor


def test_an_officer_changes_progress_only_of_the_actions_they_own(world):
    partnership, leader, officer, plan, _, theirs, mine = world
    rows = [row(theirs, rag="Red"), row(mine, rag="Green")]
    upload, editor = import_rows(partnership, officer, plan, rows)
    checked = save.sheet_import_check(upload=upload, today=TODAY, editor=editor)
    assert len(checked.problems) == 1
    assert checked.problems[0].startswith("row 2: only partnership leaders and admins")
    with pytest.raises(save.ImportRefused):
        save.sheet_import_save(upload=upload, today=TODAY, by=officer, editor=editor)
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.rag, theirs.version, mine.rag, mine.version) == ("amber", 1, "amber", 1)

    # Closing it as complete is progress too; a change of its title is not.
    closing = [
        row(theirs, status="Complete", rag="Blue", completed=TODAY.strftime("%d/%m/%Y")),
    ]
    upload, editor = import_rows(partnership, officer, plan, closing)
    assert not save.sheet_import_check(upload=upload, today=TODAY, editor=editor).ok
    upload, editor = import_rows(partnership, officer, plan, [row(theirs, title="Renamed")])
    save.sheet_import_save(upload=upload, today=TODAY, by=officer, editor=editor)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Renamed", "not_started")

    # Their own action, and a leader on any action, as the pages allow.
    upload, editor = import_rows(partnership, officer, plan, [row(mine, rag="Green")])
    save.sheet_import_save(upload=upload, today=TODAY, by=officer, editor=editor)
    upload, editor = import_rows(partnership, leader, plan, [row(theirs, rag="Red")])
    save.sheet_import_save(upload=upload, today=TODAY, by=leader, editor=editor)
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.rag, mine.rag) == ("red", "green")


def test_an_officer_cannot_correct_the_completion_of_an_action_they_do_not_own(world):
    partnership, leader, officer, plan, _, theirs, _ = world
    done = TODAY - dt.timedelta(days=3)
    Action.objects.filter(pk=theirs.pk).update(
        status="complete", rag="blue", completed_date=done, closing_note="Done."
    )
    theirs.refresh_from_db()
    corrected = row(theirs, completed=(done - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    upload, editor = import_rows(partnership, officer, plan, [corrected])
    checked = save.sheet_import_check(upload=upload, today=TODAY, editor=editor)
    assert any("only partnership leaders" in p for p in checked.problems)
    upload, editor = import_rows(partnership, leader, plan, [corrected])
    save.sheet_import_save(upload=upload, today=TODAY, by=leader, editor=editor)
    theirs.refresh_from_db()
    assert theirs.completed_date == done - dt.timedelta(days=1)


def test_moving_an_action_to_another_finding_does_not_keep_the_old_findings_focus_point(world):
    partnership, leader, _, plan, (first, second), theirs, _ = world
    upload, editor = import_rows(partnership, leader, plan, [row(theirs, finding="APA 2")])
    checked = save.sheet_import_check(upload=upload, today=TODAY, editor=editor)
    assert [p for p in checked.problems if "keeps a focus point" in p]
    with pytest.raises(save.ImportRefused):
        save.sheet_import_save(upload=upload, today=TODAY, by=leader, editor=editor)
    theirs.refresh_from_db()
    assert (theirs.finding_id, theirs.focus_point.finding_id) == (first.pk, first.pk)

    # Naming a focus point of the new finding (or none) moves it.
    upload, editor = import_rows(partnership, leader, plan, [row(theirs, finding="APA 2.1")])
    save.sheet_import_save(upload=upload, today=TODAY, by=leader, editor=editor)
    theirs.refresh_from_db()
    assert theirs.finding_id == theirs.focus_point.finding_id == second.pk


def test_a_measure_fed_by_national_statistics_takes_no_imported_values():
    partnership = make_partnership()
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    indicator = Indicator.objects.create(
        name="EHC plans in 20 weeks", column="pct", source="DfE", release="June 2025"
    )
    linked = make_measure(partnership, name="Linked", indicator=indicator)
    typed = make_measure(partnership, name="Typed")
    upload = save.sheet_import_start(
        partnership=partnership,
        kind=SheetKind.MEASURE_VALUES,
        by=officer,
        filename="values.csv",
        table=Table(
            ["Measure", "Date", "Value"],
            [(2, ["Linked", "31/01/2026", "40"]), (3, ["Typed", "31/01/2026", "41"])],
        ),
        plan=None,
    )
    save.sheet_import_map(upload=upload, mapping={"measure": 0, "date": 1, "value": 2})
    editor = Membership.objects.get(user=officer)
    checked = save.sheet_import_check(upload=upload, today=TODAY, editor=editor)
    assert checked.problems == [
        "row 2: Linked takes its values from national statistics: remove the row"
    ]
    with pytest.raises(save.ImportRefused):
        save.sheet_import_save(upload=upload, today=TODAY, by=officer, editor=editor)
    assert not MeasureValue.objects.filter(measure__in=[linked, typed]).exists()


def test_an_owner_named_by_email_stays_the_owner_after_a_change_of_role(world):
    partnership, leader, officer, plan, _, theirs, _ = world
    leader.email = "lee@example.org"
    leader.save()
    Membership.objects.filter(user=leader).update(role=Membership.Role.BOARD)
    headings = {**MAPPING, "owner": 8}
    cells = row(theirs, title="Renamed") + ["LEE@example.org"]
    upload, editor = import_rows(partnership, officer, plan, [cells], mapping=headings)
    checked = save.sheet_import_check(upload=upload, today=TODAY, editor=editor)
    assert isinstance(checked, Checked) and checked.ok
    assert checked.plans[0].details == {"title": "Renamed"}
    save.sheet_import_save(upload=upload, today=TODAY, by=officer, editor=editor)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.owner_id, theirs.lead_name) == ("Renamed", leader.pk, "")
