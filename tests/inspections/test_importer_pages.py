"""The import pages: upload or paste, check what was read, save; who may, and bad uploads."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.models import Inspection, Membership, Partnership
from tests.clients import sign_in
from tests.factories import PASSWORD, make_member, make_partnership
from tests.inspections.importer_support import (
    BAD_INPUT_NAMES,
    cached_bad_inputs,
    letter_text,
    report_pdf,
    row_counts,
    snapshot,
)


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's form with `action`."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "file"}:
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select, self._selected, self._first_option = a.get("name"), None, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            text = text[1:] if text.startswith("\n") else text
            # Browsers send a textarea's lines with CRLF endings.
            self.data.append((self._textarea, text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            value = self._selected if self._selected is not None else self._first_option
            self.data.append((self._select, value or ""))
            self._select = None


def form_data(html: str, action: str) -> dict[str, Any]:
    parser = FormFields(action)
    parser.feed(html)
    data: dict[str, Any] = {}
    for name, value in parser.data:
        data.setdefault(name, value)
    return data


def client_for(username: str) -> Client:
    return sign_in(username)


@pytest.fixture
def officer_client(demo) -> Client:
    return client_for("suffolk-officer")


def upload_url(slug: str = "suffolk") -> str:
    return reverse("inspections:import", kwargs={"slug": slug})


def save_url(slug: str = "suffolk") -> str:
    return reverse("inspections:import-save", kwargs={"slug": slug})


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(demo):
    for url in [upload_url(), save_url()]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_board_members_may_not_import(board_client):
    assert board_client.get(upload_url()).status_code == 403
    assert board_client.post(upload_url(), {"text": letter_text()}).status_code == 403
    assert board_client.post(save_url(), {}).status_code == 403


@pytest.mark.django_db
def test_another_partnerships_members_get_not_found(bexley_client):
    assert bexley_client.get(upload_url("suffolk")).status_code == 404
    assert bexley_client.post(save_url("suffolk"), {}).status_code == 404


@pytest.mark.django_db
def test_the_upload_page(officer_client):
    response = officer_client.get(upload_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and 'name="report"' in html
    assert '<textarea class="govuk-textarea" id="id_text" name="text"' in html
    assert "<script>" not in html and "style=" not in html  # strict CSP
    assert officer_client.get(save_url()).status_code == 405


@pytest.mark.django_db
def test_an_officer_uploads_checks_and_saves_a_report(demo):
    wiltshire = make_partnership("Wiltshire", slug="wiltshire")
    officer = make_member(wiltshire, role=Membership.Role.OFFICER)
    client = Client()
    sign_in(officer.username, client, password=PASSWORD)
    upload = SimpleUploadedFile("wiltshire.pdf", report_pdf("wiltshire"), "application/pdf")
    review = client.post(upload_url("wiltshire"), {"report": upload})
    html = review.content.decode()
    assert review.status_code == 200
    assert "Check what was read" in html
    assert "Save to Wiltshire" in html
    assert "readonly>" in html and "Areas for improvement" in html  # the source text
    # The dates read, in the GOV.UK date input's boxes.
    assert 'name="report-start_date-day" type="text" value="14"' in html
    assert 'name="report-end_date-day" type="text" value="18"' in html
    assert 'name="report-end_date-year" type="text" value="2024"' in html
    assert Inspection.objects.filter(partnership=wiltshire).count() == 0  # nothing saved yet

    data = form_data(html, save_url("wiltshire"))
    assert data["report-outcome"] == "positive"
    data["afi-1-statement"] = data["afi-1-statement"].replace("post-16", "after 16")  # a fix
    saved = client.post(save_url("wiltshire"), data)
    inspection = Inspection.objects.get(partnership=wiltshire)
    assert saved.status_code == 302
    assert saved["Location"] == reverse(
        "inspections:inspection", kwargs={"slug": "wiltshire", "pk": inspection.pk}
    )
    assert inspection.findings.count() == 2
    assert "after 16" in inspection.findings.get(number=2).statement
    assert inspection.team.count() == 6
    page = client.get(saved["Location"]).content.decode()
    assert "saved: " in page and "records created" in page

    again = client.post(save_url("wiltshire"), data, follow=True)
    assert "nothing changed" in again.content.decode()
    assert Inspection.objects.filter(partnership=wiltshire).count() == 1


@pytest.mark.django_db
def test_a_leader_imports_the_bexley_report_into_bexley(bexley_client):
    upload = SimpleUploadedFile("bexley.pdf", report_pdf("bexley"), "application/pdf")
    review = bexley_client.post(upload_url("bexley"), {"report": upload})
    html = review.content.decode()
    assert "Save to Bexley" in html
    assert "Bexley Council and South East London ICB" in html
    bexley = Partnership.objects.get(slug="bexley")
    counts, values = row_counts(), snapshot(bexley)
    saved = bexley_client.post(save_url("bexley"), form_data(html, save_url("bexley")), follow=True)
    assert saved.redirect_chain[-1][0].startswith("/p/bexley/inspections/")
    assert "nothing changed" in saved.content.decode()
    assert (row_counts(), snapshot(bexley)) == (counts, values)


@pytest.mark.django_db
def test_an_officer_pastes_the_letter_text(officer_client):
    review = officer_client.post(upload_url(), {"text": letter_text()})
    html = review.content.decode()
    assert "A monitoring letter about Suffolk" in html
    assert "Ineffective action" in html and "Kieran Bird" in html
    data = form_data(html, save_url())
    assert data["judgement-0-outcome"] == "ineffective"
    assert data["judgement-1-outcome"] == "effective"
    saved = officer_client.post(save_url(), data, follow=True)
    assert "nothing changed" in saved.content.decode()  # the demo already holds the letter


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "report-end_date-day",
            "1",
            "The last day must be the same as or after the first day",
        ),
        (
            "report-start_date-day",
            "32",
            "First day of the inspection must be a real date",
        ),
        ("report-outcome", "catastrophic", "from the list"),
        ("report-outcome", "", "Choose the inspection’s outcome"),
        ("afi-0-statement", "Leaders should\x00 act.", "NUL byte"),
        ("afi-0-statement", "x" * 3001, "3000 characters or fewer"),
        ("afi-0-statement", "", "Enter the area’s statement, or remove the area"),
        ("afi-1-number", "1", "Two areas have the number 1"),
        ("team-0-inspectorate", "fbi", "from the list"),
    ],
)
def test_reviewed_values_are_validated_again(field, value, message):
    wiltshire = make_partnership("Wiltshire", slug="wiltshire")
    officer = make_member(wiltshire, role=Membership.Role.OFFICER)
    client = Client()
    sign_in(officer.username, client, password=PASSWORD)
    upload = SimpleUploadedFile("w.pdf", report_pdf("wiltshire"), "application/pdf")
    html = client.post(upload_url("wiltshire"), {"report": upload}).content.decode()
    data = form_data(html, save_url("wiltshire"))
    data[field] = value
    response = client.post(save_url("wiltshire"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert message in page.replace("&#x27;", "'")
    assert Inspection.objects.filter(partnership=wiltshire).count() == 0


@pytest.mark.django_db
def test_a_refused_letter_is_explained_on_the_review_page():
    partnership = make_partnership("Suffolk test", slug="suffolk-test", local_areas="Suffolk")
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    client = Client()
    sign_in(officer.username, client, password=PASSWORD)
    html = client.post(upload_url("suffolk-test"), {"text": letter_text()}).content.decode()
    response = client.post(save_url("suffolk-test"), form_data(html, save_url("suffolk-test")))
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "not recorded for Suffolk test. Import that inspection’s report first" in page
    assert Inspection.objects.filter(partnership=partnership).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUT_NAMES)
def test_bad_uploads_show_a_message_and_save_nothing(officer_client, case):
    data, words = cached_bad_inputs()[case]
    counts = row_counts()
    upload = SimpleUploadedFile("report.pdf", data, "application/pdf")
    response = officer_client.post(upload_url(), {"report": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert words.replace("’", "&#x27;") in page or words in page
    assert "Check what was read" not in page
    assert row_counts() == counts


@pytest.mark.django_db
def test_the_upload_form_needs_exactly_one_of_file_or_text(officer_client):
    page = officer_client.post(upload_url(), {}).content.decode()
    assert "Choose the report’s PDF, or paste its text" in page
    upload = SimpleUploadedFile("r.pdf", b"%PDF-1.7", "application/pdf")
    page = officer_client.post(
        upload_url(), {"report": upload, "text": "Some text"}
    ).content.decode()
    assert "Upload a file or paste text, not both" in page


@pytest.mark.django_db
def test_another_areas_report_is_refused_naming_both_and_nothing_is_saved():
    """A Hertfordshire report is never saved into Suffolk, whatever the check page says."""
    suffolk = make_partnership("Suffolk", slug="suffolk-only")
    officer = make_member(suffolk, role=Membership.Role.OFFICER)
    client = Client()
    sign_in(officer.username, client, password=PASSWORD)
    counts = row_counts()
    upload = SimpleUploadedFile("r.pdf", report_pdf("hertfordshire"), "application/pdf")
    page = client.post(upload_url("suffolk-only"), {"report": upload}).content.decode()
    assert "govuk-error-summary" in page and "Check what was read" not in page
    assert "This is about Hertfordshire, not Suffolk" in page
    # A check page of Suffolk's own report, its local area corrected to another area, or
    # its signed document area swapped: neither saves into the wrong partnership.
    wiltshire = make_partnership("Wiltshire", slug="wiltshire")
    officer = make_member(wiltshire, role=Membership.Role.OFFICER)
    sign_in(officer.username, client, password=PASSWORD)
    upload = SimpleUploadedFile("w.pdf", report_pdf("wiltshire"), "application/pdf")
    html = client.post(upload_url("wiltshire"), {"report": upload}).content.decode()
    data = form_data(html, save_url("wiltshire"))
    data["document_area"] = data["document_area"].replace("Wiltshire", "Suffolk")
    page = client.post(save_url("wiltshire"), data).content.decode()
    assert "Read the report or letter again" in page
    assert row_counts() == {**counts, "Partnership": counts["Partnership"] + 1}  # Wiltshire


@pytest.mark.django_db
def test_a_name_recorded_for_the_area_is_accepted_and_the_check_page_folds_its_sections():
    partnership = make_partnership("Wilts", slug="wilts", local_areas="County of Wilts; Wiltshire")
    officer = make_member(partnership, role=Membership.Role.OFFICER)
    client = Client()
    sign_in(officer.username, client, password=PASSWORD)
    upload = SimpleUploadedFile("w.pdf", report_pdf("wiltshire"), "application/pdf")
    html = client.post(upload_url("wilts"), {"report": upload}).content.decode()
    assert "Check what was read" in html
    assert html.count('class="govuk-details"') >= 4
    assert 'id="source-priority"' not in html or "Text this was read from" in html
    assert 'id="source-improvement"' in html and 'id="source-team"' in html
    assert 'name="afi-0-focus_points"' in html  # areas for improvement have focus points
    data = form_data(html, save_url("wilts"))
    data["afi-0-focus_points"] = "a point the officer added\nand another"
    response = client.post(save_url("wilts"), data)
    assert response.status_code == 302
    finding = Inspection.objects.get(partnership=partnership).findings.get(
        kind="improvement", number=1
    )
    assert list(finding.focus_points.values_list("text", flat=True)) == [
        "a point the officer added",
        "and another",
    ]
