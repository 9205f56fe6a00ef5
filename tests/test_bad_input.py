"""Property-based tests: no input to any form produces a 500, and rejected input writes nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, BoardPack, ProgressUpdate
from inspections.models import Deadline, Invitation, Membership
from tests.clients import sign_in

pytestmark = pytest.mark.django_db

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "{{ settings.SECRET_KEY }}",
        "{% debug %}",
        "</textarea><img src=x onerror=alert(1)>",
        "body{background:url(http://169.254.169.254/)}",
        "\x00",
        "a\x00b",
        "'; DROP TABLE actions_action; --",
        "\u202e\u0000\ufffe",
        "9" * 400,
        "2026-02-30",
        "-1",
        "0000-00-00",
        "99999-01-01",
        "",
        " ",
    ]
)
VALUE = st.one_of(HOSTILE, st.text(max_size=60), st.dates().map(str), st.integers().map(str))
FORM_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rows() -> tuple[int, ...]:
    return (
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        BoardPack.objects.count(),
        Membership.objects.count(),
    )


def state_of(action: Action, deadline: Deadline) -> tuple:
    action.refresh_from_db()
    deadline.refresh_from_db()
    return (
        action.title,
        action.status,
        action.rag,
        action.due_date,
        action.version,
        deadline.status,
        deadline.met_date,
        deadline.evidence,
        deadline.version,
    )


@pytest.fixture
def stage(demo):
    client = Client()
    sign_in("suffolk-admin", client)
    action = Action.objects.filter(plan__partnership__slug="suffolk").order_by("pk").first()
    deadline = Deadline.objects.filter(partnership__slug="suffolk").order_by("pk").first()
    return client, action, deadline


@FORM_SETTINGS
@given(date=VALUE, narrative=VALUE, rag=VALUE)
def test_progress_updates(stage, date, narrative, rag):
    client, action, _ = stage
    before = rows()
    response = client.post(
        reverse("actions:add-update", kwargs={"slug": "suffolk", "pk": action.pk}),
        {
            "update-date": date,
            "update-narrative": narrative,
            "update-rag": rag,
            "update-submission_id": str(uuid.uuid4()),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    if b"govuk-error-summary" in response.content:
        assert rows() == before
    else:
        assert rows()[1] == before[1] + 1
        stored = ProgressUpdate.objects.order_by("-pk").first()
        assert stored is not None
        assert stored.narrative == narrative.strip()  # stored as typed, escaped on output
        page = client.get(reverse("actions:action", kwargs={"slug": "suffolk", "pk": action.pk}))
        assert b"<script>alert(1)</script>" not in page.content


@FORM_SETTINGS
@given(status=VALUE, rag=VALUE, version=VALUE)
def test_status_changes(stage, status, rag, version):
    client, action, deadline = stage
    before = state_of(action, deadline)
    response = client.post(
        reverse("actions:update-status", kwargs={"slug": "suffolk", "pk": action.pk}),
        {"status-status": status, "status-rag": rag, "status-version": version},
    )
    assert response.status_code in (200, 302, 409)
    if response.status_code != 302:
        assert state_of(action, deadline) == before


@FORM_SETTINGS
@given(title=VALUE, start=VALUE, due=VALUE, lead_name=VALUE, finding=VALUE)
def test_action_details(stage, title, start, due, lead_name, finding):
    client, action, deadline = stage
    before = state_of(action, deadline)
    response = client.post(
        reverse("actions:edit", kwargs={"slug": "suffolk", "pk": action.pk}),
        {
            "title": title,
            "description": title,
            "finding": finding,
            "focus_point": "",
            "lead_organisation": action.lead_organisation_id,
            "lead_name": lead_name,
            "start_date": start,
            "due_date": due,
            "version": action.version,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert state_of(action, deadline) == before


@FORM_SETTINGS
@given(finding=VALUE, plan=VALUE, owner=VALUE, title=VALUE, start=VALUE, due=VALUE)
def test_new_actions(stage, finding, plan, owner, title, start, due):
    client, action, _ = stage
    before = rows()
    response = client.post(
        reverse("actions:create", kwargs={"slug": "suffolk"}),
        {
            "finding": finding,
            "focus_point": "",
            "plan": plan,
            "title": title,
            "lead_organisation": action.lead_organisation_id,
            "owner": owner,
            "lead_name": title,
            "start_date": start,
            "due_date": due,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert rows() == before


@FORM_SETTINGS
@given(date=VALUE, note=VALUE, version=VALUE)
def test_closing_actions(stage, date, note, version):
    client, action, deadline = stage
    before = state_of(action, deadline)
    response = client.post(
        reverse("actions:close", kwargs={"slug": "suffolk", "pk": action.pk}),
        {"completed_date": date, "closing_note": note, "version": version},
    )
    assert response.status_code in (200, 302, 409)
    if response.status_code != 302:
        assert state_of(action, deadline) == before


@FORM_SETTINGS
@given(status=VALUE, met=VALUE, evidence=VALUE)
def test_deadline_outcomes(stage, status, met, evidence):
    client, action, deadline = stage
    before = state_of(action, deadline)
    prefix = f"deadline-{deadline.pk}"
    response = client.post(
        reverse("inspections:deadline-outcome", kwargs={"slug": "suffolk", "pk": deadline.pk}),
        {
            f"{prefix}-status": status,
            f"{prefix}-met_date": met,
            f"{prefix}-evidence": evidence,
            f"{prefix}-version": deadline.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    if b"govuk-error-summary" in response.content:
        assert state_of(action, deadline) == before


@FORM_SETTINGS
@given(as_of=VALUE, since=VALUE)
def test_pack_requests(stage, as_of, since):
    client, _, _ = stage
    before = rows()
    response = client.post(
        reverse("actions:pack-create", kwargs={"slug": "suffolk"}),
        {"as_of": as_of, "since": since, "submission_id": str(uuid.uuid4())},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert rows() == before


@FORM_SETTINGS
@given(email=VALUE, role=VALUE, name=VALUE)
def test_member_invitations(stage, email, role, name):
    client, _, _ = stage
    before = (rows(), Invitation.objects.count())
    response = client.post(
        reverse("inspections:member-invite", kwargs={"slug": "suffolk"}),
        {"email": email, "role": role, "full_name": name},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (rows(), Invitation.objects.count()) == before


@FORM_SETTINGS
@given(finding=VALUE, lead=VALUE, status=VALUE, rag=VALUE, overdue=VALUE, sort=VALUE, page=VALUE)
def test_action_list_filters(stage, finding, lead, status, rag, overdue, sort, page):
    client, _, _ = stage
    response = client.get(
        reverse("actions:list", kwargs={"slug": "suffolk"}),
        {
            "finding": finding,
            "lead": lead,
            "status": status,
            "rag": rag,
            "overdue": overdue,
            "sort": sort,
            "page": page,
        },
    )
    assert response.status_code == 200


@FORM_SETTINGS
@given(person=VALUE, start=VALUE, end=VALUE)
def test_activity_filters(stage, person, start, end):
    client, _, _ = stage
    response = client.get(
        reverse("inspections:activity", kwargs={"slug": "suffolk"}),
        {"person": person, "start": start, "end": end},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("pk", ["0", "-1", "99999999999999999999", "abc"])
def test_wrong_ids_are_404_not_500(stage, pk):
    client, _, _ = stage
    for path in (
        f"/p/suffolk/actions/{pk}/",
        f"/p/suffolk/findings/{pk}/",
        f"/p/suffolk/inspections/{pk}/",
    ):
        assert client.get(path).status_code == 404


@FORM_SETTINGS
@given(title=VALUE, source=VALUE, due=VALUE, due_text=VALUE, owner=VALUE)
def test_deadline_records(stage, title, source, due, due_text, owner):
    client, _, _ = stage
    before = Deadline.objects.count()
    response = client.post(
        reverse("inspections:deadline-add", kwargs={"slug": "suffolk"}),
        {"title": title, "source": source, "due_date": due, "due_text": due_text, "owner": owner},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Deadline.objects.count() == before
