"""Cached pages show every change on the next request (send_tracker/page_cache.py).

Each test reads a cached page first, so that its cache is warm, then makes a change the
way a user does (through the pages, the importer, the admin), then reads the page again:
it must show the change. A write that forgot to mark its partnership changed fails here.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.forms import MeasureForm
from actions.models import Action, Measure
from inspections.models import Deadline, Finding, Inspection, Partnership
from send_tracker.page_cache import cached_read, release_fingerprint
from send_tracker.presentation import measure_value
from tests.clients import has_tag, sign_in

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def page(client: Client, name: str, **kwargs) -> str:
    response = client.get(url(name, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


def an_action() -> Action:
    return (
        Action.objects.filter(plan__partnership__slug="suffolk")
        .exclude(status="complete")
        .earliest("pk")
    )


def test_a_status_change_shows_on_the_action_page_action_list_and_dashboard(leader_client):
    action = an_action()
    before = page(leader_client, "actions:list", **{})
    assert action.title in before
    dashboard = page(leader_client, "actions:dashboard")
    assert (
        "On hold"
        not in page(leader_client, "actions:action", pk=action.pk)
        .split('id="action-status-value"')[1]
        .split("</dd>")[0]
    )
    leader_client.post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "red", "status-version": action.version},
    )
    status = page(leader_client, "actions:action", pk=action.pk).split('id="action-status-value"')
    assert "On hold" in status[1].split("</dd>")[0]
    row = page(leader_client, "actions:list").split(f'id="action-row-{action.pk}"')[1]
    assert "On hold" in row.split("</tr>")[0]
    assert page(leader_client, "actions:dashboard") != dashboard


def test_a_progress_update_shows_on_the_dashboard_and_finding_page(leader_client):
    action = an_action()
    page(leader_client, "actions:dashboard")
    page(leader_client, "actions:finding", pk=action.finding_id)
    page(leader_client, "actions:action", pk=action.pk)  # its history, rendered and kept
    narrative = "Cached pages see this update at once."
    leader_client.post(
        url("actions:add-update", pk=action.pk),
        {
            "update-date": timezone.localdate().isoformat(),
            "update-narrative": narrative,
            "update-rag": "green",
            "update-submission_id": uuid.uuid4(),
        },
    )
    assert narrative in page(leader_client, "actions:dashboard")
    assert narrative in page(leader_client, "actions:finding", pk=action.finding_id)
    history = page(leader_client, "actions:action", pk=action.pk).split('id="update-list"')[1]
    assert narrative in history


def test_new_details_show_on_the_action_list(leader_client):
    action = an_action()
    page(leader_client, "actions:list")
    leader_client.post(
        url("actions:edit", pk=action.pk),
        {
            "title": "A title the cache has not seen",
            "description": "",
            "finding": action.finding_id,
            "focus_point": "",
            "lead_organisation": action.lead_organisation_id,
            "lead_name": "Head of SEND",
            "start_date": "",
            "due_date": "2026-12-31",
            "version": action.version,
        },
    )
    assert "A title the cache has not seen" in page(leader_client, "actions:list")


def test_a_measure_value_and_a_corrected_measure_show_on_the_dashboard(officer):
    # One whose values are entered here (the EHC plan measure reads national statistics).
    measure = Measure.objects.filter(partnership__slug="suffolk", indicator=None).earliest("pk")
    page(officer, "actions:dashboard")
    officer.post(
        url("actions:measure-add-value", pk=measure.pk),
        {
            f"measure-{measure.pk}-date": timezone.localdate().isoformat(),
            f"measure-{measure.pk}-value": "77",
            f"measure-{measure.pk}-note": "",
        },
    )
    latest = f"<strong>{measure_value(Decimal(77), measure.unit)}</strong>"
    assert latest in page(officer, "actions:dashboard")
    fields = MeasureForm.Meta.fields
    data = {k: v for k, v in model_to_dict(measure, fields=fields).items() if v is not None}
    data["findings"] = [f.pk for f in data["findings"]]
    data["name"] = "A measure renamed"
    if not measure.higher_is_better:
        del data["higher_is_better"]
    assert officer.post(url("actions:measure-edit", pk=measure.pk), data).status_code == 302
    assert "A measure renamed" in page(officer, "actions:dashboard")


def test_deadline_outcomes_and_corrections_show_on_the_dashboard(leader_client, officer):
    deadline = Deadline.objects.get(
        partnership__slug="suffolk", title="SEND sufficiency strategy completed"
    )
    assert deadline.title in page(leader_client, "actions:dashboard")  # overdue there
    prefix = f"deadline-{deadline.pk}"
    leader_client.post(
        url("inspections:deadline-outcome", pk=deadline.pk),
        {
            f"{prefix}-status": "met",
            f"{prefix}-met_date": "2026-01-10",
            f"{prefix}-evidence": "Signed off.",
            f"{prefix}-version": deadline.version,
        },
        **HX,
    )
    assert deadline.title not in page(leader_client, "actions:dashboard")
    new = {
        "title": "A deadline the cache has not seen",
        "source": "stocktake",
        "owner": "",
        "due_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "due_text": "",
    }
    assert officer.post(url("inspections:deadline-add"), new).status_code == 302
    assert "A deadline the cache has not seen" in page(leader_client, "actions:dashboard")


def test_an_import_shows_on_the_cached_pages(officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inspections.importer_support import report_pdf
    from tests.inspections.test_importer_pages import form_data

    full = Inspection.objects.get(partnership__slug="suffolk", kind="full_2023")
    finding = Finding.objects.get(inspection=full, kind="improvement", number=1)
    Finding.objects.filter(pk=finding.pk).update(statement="Changed by hand, then re-imported.")
    Partnership.objects.filter(slug="suffolk").mark_changed()  # as the admin would
    assert "Changed by hand" in page(officer, "inspections:inspection", pk=full.pk)
    upload = SimpleUploadedFile("suffolk.pdf", report_pdf("suffolk"), "application/pdf")
    review = officer.post(url("inspections:import"), {"report": upload})
    data = form_data(review.content.decode(), url("inspections:import-save"))
    assert officer.post(url("inspections:import-save"), data).status_code == 302
    assert "Changed by hand" not in page(officer, "inspections:inspection", pk=full.pk)


def test_an_admin_edit_shows_on_the_cached_pages(demo, django_user_model):
    action = an_action()
    admin = django_user_model.objects.create_superuser("staff", password="a-long-staff-password")
    staff = sign_in("staff", password="a-long-staff-password")
    leader = sign_in("suffolk-leader")
    page(leader, "actions:list")
    change = reverse("admin:actions_action_change", args=[action.pk])
    form = staff.get(change).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None
    }
    data.update(title="Renamed in the admin", due_date=action.due_date.isoformat())
    data.update(
        {
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
        }
    )
    for name in ("start_date", "completed_date"):
        if data.get(name):
            data[name] = data[name].isoformat()
    response = staff.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert admin.is_superuser and "Renamed in the admin" in page(leader, "actions:list")


def test_figures_as_of_today_are_read_again_the_next_day(leader_client, monkeypatch):
    """Overdue depends on the day: the dashboard's cache is per day."""
    today = timezone.localdate()
    deadline = Deadline.objects.filter(partnership__slug="suffolk", status="open").first()
    assert deadline is not None
    Deadline.objects.filter(pk=deadline.pk).update(due_date=today)
    Partnership.objects.filter(slug="suffolk").mark_changed()
    due_today = page(leader_client, "actions:dashboard")
    monkeypatch.setattr(timezone, "localdate", lambda: today + dt.timedelta(days=1))
    tomorrow = page(leader_client, "actions:dashboard")
    # The Overdue tag, then the deadline's title.
    overdue = re.compile(rf"Overdue\s*</strong>\s+{re.escape(deadline.title)}")
    assert not overdue.search(due_today) and overdue.search(tomorrow)


def test_one_partnership_s_changes_leave_another_s_cache_alone(demo):
    suffolk = Partnership.objects.get(slug="suffolk")
    bexley = Partnership.objects.get(slug="bexley")
    calls: list[str] = []

    def build(name: str) -> Callable[[], str]:
        def read() -> str:
            calls.append(name)
            return name

        return read

    assert cached_read(suffolk, build("suffolk"), "x") == "suffolk"
    assert cached_read(bexley, build("bexley"), "x") == "bexley"  # same key, its own entry
    Partnership.objects.filter(pk=suffolk.pk).mark_changed()
    suffolk.refresh_from_db()
    cached_read(suffolk, build("suffolk"), "x")
    cached_read(bexley, build("bexley"), "x")
    assert calls == ["suffolk", "bexley", "suffolk"]  # only Suffolk's was read again


def test_the_key_names_the_release(tmp_path, settings):
    """A release that changes a template (or any code) never reads the entries cached by
    the release before it."""
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("<p>one</p>")
    settings.TEMPLATES = [*settings.TEMPLATES, {**settings.TEMPLATES[0], "DIRS": [templates]}]
    settings.BASE_DIR = tmp_path
    release_fingerprint.cache_clear()
    try:
        before = release_fingerprint()
        assert before == release_fingerprint() and len(before) == 12
        page.write_text("<p>two</p>")
        release_fingerprint.cache_clear()
        assert release_fingerprint() != before
    finally:
        release_fingerprint.cache_clear()


def test_a_findings_actions_turn_overdue_the_next_day(leader_client, monkeypatch):
    """The finding page keeps its actions table rendered: per day, as overdue depends on it."""
    today = timezone.localdate()
    action = an_action()
    Action.objects.filter(pk=action.pk).update(due_date=today)
    Partnership.objects.filter(slug="suffolk").mark_changed()

    def row() -> str:
        html = page(leader_client, "actions:finding", pk=action.finding_id)
        return html.split(f">{action.title}</a>")[1].split("</tr>")[0]

    assert not has_tag(row(), "Overdue")
    monkeypatch.setattr(timezone, "localdate", lambda: today + dt.timedelta(days=1))
    assert has_tag(row(), "Overdue")
