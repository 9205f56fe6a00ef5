"""Importing actions: upload, map the columns, see every row's problems, save all or
nothing through the pages' own services; a round trip from an export updates the same
actions, and a row older than the tracker is a conflict."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions import services
from actions.models import Action, Plan, SheetImport
from inspections.models import Finding, Membership
from tests.actions.sheet_files import csv_file, upload, xlsx
from tests.clients import sign_in
from tests.factories import (
    make_finding,
    make_inspection,
    make_member,
    make_organisation,
    make_partnership,
    make_plan,
)

pytestmark = pytest.mark.django_db

COUNCIL_HEADINGS = [
    "Ref",
    "Area",
    "Action",
    "Lead organisation",
    "Lead officer",
    "Target date",
    "RAG",
]


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def post_file(
    client: Client, data: bytes, name: str = "tracker.xlsx", slug: str = "suffolk", plan=None
):
    plan = plan or Plan.objects.filter(partnership__slug=slug).first()
    return client.post(
        url("actions:import-actions", slug), {"file": upload(data, name), "plan": plan.pk}
    )


def checked_page(client: Client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def import_pk(response) -> int:
    return int(re.findall(r"/imports/(\d+)/", response["Location"])[0])


def text_of(html: str) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").split()
    )


def export_rows(client: Client) -> list[list]:
    book = load_workbook(io.BytesIO(client.get(url("actions:export-xlsx")).content))
    return [list(r) for r in book["Actions"].iter_rows(values_only=True)]


def suffolk_lead() -> str:
    return "Suffolk County Council"


def council_row(ref, area, title, due="31/03/2027", owner="Head of SEND"):
    return [ref, area, title, suffolk_lead(), owner, due, "Amber"]


def test_a_councils_tracker_is_mapped_checked_and_saved(demo):
    client = sign_in("suffolk-officer")
    data = xlsx(
        [
            ["SEND PAP Action Tracker and Risk Register"],
            COUNCIL_HEADINGS,
            council_row("1.1", "APA 1", "Weekly EHC plan tracking meeting"),
            council_row("1.2", "APA 1.2", "Train caseworkers", owner="suffolk-leader"),
            council_row(
                "2.1", "Area for priority action 2", "Parent carer forum charter", due="2027-01-15"
            ),
        ]
    )
    before = Action.objects.count()
    response = post_file(client, data)
    page = text_of(checked_page(client, response))
    assert "Add 3 actions and change 0" in page
    assert "Rows above the headings (row 2) were not read" in page
    assert Action.objects.count() == before  # nothing yet
    saved = client.post(url("actions:import-save", pk=import_pk(response)))
    assert saved.status_code == 302 and saved["Location"] == url("actions:list")
    assert Action.objects.count() == before + 3
    first = Action.objects.get(reference="1.1", plan__partnership__slug="suffolk")
    assert (first.finding.short_code, first.status, first.rag) == ("APA 1", "not_started", "amber")
    assert first.owner is None and first.lead_name == "Head of SEND"  # not a member: the named lead
    assert first.due_date == dt.date(2027, 3, 31)
    second = Action.objects.get(reference="1.2")
    assert second.owner is not None and second.focus_point is not None
    assert second.owner.username == "suffolk-leader" and second.focus_point.order == 2
    # Recorded in the history as the pages record it, with who did it.
    assert first.history.first().history_user.username == "suffolk-officer"


def test_row_problems_in_words_then_a_corrected_upload_updates_by_reference(demo):
    client = sign_in("suffolk-leader")
    bad = xlsx(
        [
            COUNCIL_HEADINGS,
            council_row("1.1", "APA 1", "Weekly EHC plan tracking meeting", due="31/02/2026"),
            council_row("1.2", "APA 4", "Something"),
            council_row("1.3", "APA 1", "Fine row"),
            ["1.4", "APA 1", "", "Nowhere Council", "", "", "Purple"],
        ]
    )
    before = Action.objects.count()
    response = post_file(client, bad)
    page = text_of(checked_page(client, response))
    assert "row 2: due date 31/02/2026 is not a date" in page
    assert "row 3: no area for priority action 4" in page
    assert "row 5: lead organisation Nowhere Council is not one of this partnership's" in page
    assert "row 5: RAG rating Purple is not red, amber, green or blue" in page
    assert "row 5: no title for a new action" in page
    assert "row 5: no due date for a new action" in page
    assert "Save actions" not in page
    refused = client.post(url("actions:import-save", pk=import_pk(response)))
    assert refused.status_code == 409
    assert Action.objects.count() == before  # not even the valid row
    good = xlsx(
        [
            COUNCIL_HEADINGS,
            council_row("1.1", "APA 1", "Weekly EHC plan tracking meeting"),
            council_row("1.3", "APA 1", "Fine row"),
        ]
    )
    response = post_file(client, good)
    assert client.post(url("actions:import-save", pk=import_pk(response))).status_code == 302
    assert Action.objects.count() == before + 2
    # The same references again: the same actions, changed, not duplicated.
    again = xlsx(
        [
            COUNCIL_HEADINGS,
            council_row("1.1", "APA 1", "Weekly EHC plan tracking meeting (renamed)"),
        ]
    )
    response = post_file(client, again)
    assert "Add 0 actions and change 1" in text_of(checked_page(client, response))
    client.post(url("actions:import-save", pk=import_pk(response)))
    assert Action.objects.count() == before + 2
    renamed = Action.objects.get(reference="1.1")
    assert renamed.title.endswith("(renamed)") and renamed.version == 2


def test_export_edit_import_is_a_round_trip(demo):
    client = sign_in("suffolk-leader")
    rows = export_rows(client)
    header = rows[0]
    col = {name: header.index(name) for name in header}
    # Edit two actions as someone would in Excel; leave the rest alone.
    open_row = next(r for r in rows[1:] if r[col["Status"]] != "Complete")
    open_row[col["Title"]] = "'=Retitled in Excel"  # guarded, as the export wrote it
    open_row[col["RAG rating"]] = "Red"
    open_row[col["Status"]] = "On hold"
    done_row = next(r for r in rows[1:] if r[col["Status"]] == "Complete")
    done_row[col["Status"]] = "In progress"
    done_row[col["RAG rating"]] = "Green"
    done_row[col["Completed date"]] = None
    versions = dict(Action.objects.values_list("pk", "version"))
    response = post_file(client, xlsx(rows))
    page = text_of(checked_page(client, response))
    assert f"Add 0 actions and change 2; {len(rows) - 3} unchanged" in page, page[
        page.index("Nothing can") :
    ][:1500]
    assert client.post(url("actions:import-save", pk=import_pk(response))).status_code == 302
    edited = Action.objects.get(pk=int(open_row[0].removeprefix("ST-")))
    assert edited.title == "=Retitled in Excel"  # the export's guard came off
    assert (edited.status, edited.rag) == ("on_hold", "red")
    reopened = Action.objects.get(pk=int(done_row[0].removeprefix("ST-")))
    assert (reopened.status, reopened.rag, reopened.completed_date) == (
        "in_progress",
        "green",
        None,
    )
    changed = {pk for pk, v in Action.objects.values_list("pk", "version") if versions.get(pk) != v}
    assert changed == {edited.pk, reopened.pk}


def test_a_csv_round_trip(demo):
    client = sign_in("suffolk-officer")
    text = client.get(url("actions:export-csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][4] = rows[1][4] + " (edited)"
    response = post_file(client, csv_file(rows), name="tracker.csv")
    page = text_of(checked_page(client, response))
    assert "change 1" in page
    client.post(url("actions:import-save", pk=import_pk(response)))
    assert Action.objects.get(pk=int(rows[1][0].removeprefix("ST-"))).title.endswith("(edited)")


def test_a_row_older_than_the_tracker_is_a_conflict_never_applied(demo):
    client = sign_in("suffolk-leader")
    rows = export_rows(client)
    action = Action.objects.get(pk=int(rows[1][0].removeprefix("ST-")))
    # Someone changes the action on its page after the export.
    services.action_update_details(
        action=action, expected_version=action.version, details={"title": "Changed on the page"}
    )
    rows[1][4] = "Changed in Excel"
    response = post_file(client, xlsx(rows))
    page = text_of(checked_page(client, response))
    assert (
        f"row 2: ST-{action.pk}" in page
        and "was changed in the tracker after this spreadsheet was exported (version 1 here, 2 now)"
        in page
    )
    assert client.post(url("actions:import-save", pk=import_pk(response))).status_code == 409
    action.refresh_from_db()
    assert action.title == "Changed on the page"


def test_another_partnerships_actions_are_refused(demo):
    rows = export_rows(sign_in("suffolk-leader"))
    client = sign_in("bexley-leader")
    response = post_file(client, xlsx(rows), slug="bexley")
    assert response.status_code == 302
    page = text_of(client.get(response["Location"]).content.decode())
    assert f"there is no action {rows[1][0]} in this partnership's tracker" in page
    pk = import_pk(response)
    assert client.post(url("actions:import-save", "bexley", pk=pk)).status_code == 409
    # And a Suffolk upload is nobody else's to see or save.
    suffolk = post_file(sign_in("suffolk-leader"), xlsx(rows))
    assert (
        client.get(url("actions:import-check", "bexley", pk=import_pk(suffolk))).status_code == 404
    )
    assert (
        client.post(url("actions:import-save", "bexley", pk=import_pk(suffolk))).status_code == 404
    )


def test_board_members_may_not_import(demo):
    client = sign_in("suffolk-board")
    assert client.get(url("actions:import-actions")).status_code == 403
    assert post_file(client, xlsx([COUNCIL_HEADINGS])).status_code == 403
    assert SheetImport.objects.count() == 0


def test_the_mapping_is_fixed_on_the_page_and_remembered(demo):
    client = sign_in("suffolk-officer")
    headings = ["Ref", "Area", "What", "Org", "Who", "When"]
    row = ["9.1", "APA 1", "Mapped by hand", suffolk_lead(), "Head of SEND", "31/03/2027"]
    response = post_file(client, xlsx([headings, row]))
    page = text_of(checked_page(client, response))
    assert "Choose the column that holds the Title or Reference" not in page  # Ref guessed
    pk = import_pk(response)
    mapping = {
        "reference": 0,
        "finding": 1,
        "title": 2,
        "lead_organisation": 3,
        "owner": 4,
        "due_date": 5,
    }
    same_twice = client.post(url("actions:import-check", pk=pk), {**mapping, "lead_name": 4})
    assert "already chosen for Owner" in text_of(same_twice.content.decode())
    fixed = client.post(url("actions:import-check", pk=pk), mapping)
    assert fixed.status_code == 302
    assert "Add 1 action and change 0" in text_of(client.get(fixed["Location"]).content.decode())
    # The next upload with the same headings is mapped the same way without asking.
    second = post_file(client, xlsx([headings, row]))
    assert SheetImport.objects.get(pk=import_pk(second)).column_mapping == mapping


def test_complete_actions_need_a_completed_date_and_are_closed(demo):
    client = sign_in("suffolk-leader")
    headings = ["Area", "Title", "Lead organisation", "Owner", "Due", "Status", "Completed"]
    rows = [
        headings,
        [
            "APA 1",
            "Done without a date",
            suffolk_lead(),
            "Head of SEND",
            "1/1/2026",
            "Complete",
            "",
        ],
        [
            "APA 1",
            "Done with a date",
            suffolk_lead(),
            "Head of SEND",
            "1/1/2026",
            "Complete",
            "15/12/2025",
        ],
        ["APA 1", "Blue but open", suffolk_lead(), "Head of SEND", "1/1/2026", "In progress", ""],
    ]
    page = text_of(checked_page(client, post_file(client, xlsx(rows))))
    assert "row 2: a complete action needs its completed date" in page
    response = post_file(client, xlsx(rows[:1] + rows[2:3]))
    client.post(url("actions:import-save", pk=import_pk(response)))
    done = Action.objects.get(title="Done with a date")
    assert (done.status, done.rag, done.completed_date) == (
        "complete",
        "blue",
        dt.date(2025, 12, 15),
    )
    assert done.closing_note == "Recorded as complete in an imported spreadsheet."


def test_a_bad_file_is_refused_on_the_upload_page(demo):
    client = sign_in("suffolk-officer")
    response = post_file(client, b"%PDF-1.7 not a sheet", name="tracker.xlsx")
    assert response.status_code == 200
    assert "The file is not a spreadsheet" in text_of(response.content.decode())
    assert SheetImport.objects.count() == 0


def test_an_upload_is_saved_once(demo):
    client = sign_in("suffolk-officer")
    response = post_file(client, xlsx([COUNCIL_HEADINGS, council_row("7.1", "APA 1", "Once")]))
    pk = import_pk(response)
    assert client.post(url("actions:import-save", pk=pk)).status_code == 302
    again = client.post(url("actions:import-save", pk=pk))
    assert again.status_code == 409 or "Saved" in again.content.decode()
    assert Action.objects.filter(title="Once").count() == 1


def build(size: int):
    partnership = make_partnership()
    user = make_member(partnership, role=Membership.Role.OFFICER)
    organisation = make_organisation(partnership, name="Testshire Council")
    inspection = make_inspection(partnership)
    plan = make_plan(partnership)
    for n in range(1, size + 1):
        make_finding(inspection, number=n, kind=Finding.Kind.PRIORITY_ACTION, focus_points=2)
    rows = [["Area", "Title", "Lead organisation", "Owner", "Due"]]
    rows += [
        [f"APA {n % size + 1}", f"Action {n}", organisation.name, "Lead", "1/1/2027"]
        for n in range(size * 10)
    ]
    upload_record = SheetImport.objects.create(
        partnership=partnership,
        kind="actions",
        uploaded_by=user,
        filename="t.xlsx",
        plan=plan,
        headers=rows[0],
        rows=[[i + 2, r] for i, r in enumerate(rows[1:])],
        mapping={"finding": 0, "title": 1, "lead_organisation": 2, "owner": 3, "due_date": 4},
    )
    return partnership, user, upload_record


def test_the_check_page_query_budget_holds_at_two_sizes():
    counts = {}
    for size in (2, 8):
        partnership, user, record = build(size)
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("actions:import-check", partnership.slug, pk=record.pk))
            assert response.status_code == 200
        assert f"Add {size * 10} actions" in text_of(response.content.decode())
        counts[size] = len(queries)
    # session, user, membership; the upload and its plan; findings, points, organisations,
    # possible owners, actions
    assert counts[2] == counts[8] <= 3 + 1 + 5, counts


@pytest.mark.parametrize("name", ["actions:import-actions", "actions:import-values"])
def test_an_upload_over_ten_megabytes_is_refused_unread_and_a_larger_one_is_taken(demo, name):
    from tests.test_body_limit import MB, wsgi_post

    status, _, body = wsgi_post(url(name), 11 * MB)
    assert status.startswith("413") and body.reads == 0
    # Over the 1 MB default but within the importer's limit: read, and checked by the form.
    client = sign_in("suffolk-officer")
    big = csv_file(
        [COUNCIL_HEADINGS] + [council_row(f"R{n}", "APA 1", "x" * 200) for n in range(8_000)]
    )
    assert MB < len(big) < 10 * MB
    response = client.post(
        url(name),
        {
            "file": upload(big, "big.csv"),
            "plan": Plan.objects.filter(partnership__slug="suffolk").earliest("pk").pk,
        },
    )
    assert response.status_code == 302
