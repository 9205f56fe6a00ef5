"""Withdrawing an action recorded by mistake, and restoring it: who may, what the pages,
counts and packs show afterwards, and what its own page and history keep."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Plan
from actions.packs import pack_data
from actions.progress import findings_with_progress
from inspections.models import Partnership
from send_tracker.audit import history_of
from tests.clients import sign_in

pytestmark = pytest.mark.django_db
ROLES = ["suffolk-board", "suffolk-officer", "suffolk-leader", "suffolk-admin"]
REASON = "Recorded twice: the same work is the EHC recovery action."


def url(name: str, slug: str = "suffolk", **kwargs) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


def the_action() -> Action:
    """Suffolk's annual reviews: in progress, red, with progress updates."""
    return Action.objects.get(
        plan__partnership__slug="suffolk", title__startswith="Bring annual reviews"
    )


def plan_row(html: str, title: str) -> str:
    """The plans table's row of the plan with this title."""
    start = html.rindex("<tr", 0, html.index(title))
    return html[start : html.index("</tr>", start)]


def withdraw(client: Client, action: Action, reason: str = REASON):
    return client.post(
        url("actions:withdraw", pk=action.pk), {"reason": reason, "version": action.version}
    )


@pytest.mark.parametrize("username", ROLES)
def test_who_may_withdraw_and_restore(demo, username):
    action = the_action()
    client = sign_in(username)
    may = username != "suffolk-board"
    page = client.get(url("actions:action", pk=action.pk)).content.decode()
    assert (url("actions:withdraw", pk=action.pk) in page) is may
    confirm = client.get(url("actions:withdraw", pk=action.pk))
    assert confirm.status_code == (200 if may else 403)
    if may:
        html = confirm.content.decode()
        assert "Withdraw this action?" in html and "leaves the plan" in html
    response = withdraw(client, action)
    action = Action.all_objects.get(pk=action.pk)
    if not may:
        assert response.status_code == 403 and not action.is_withdrawn
        return
    assert response.status_code == 302
    assert response["Location"] == url("actions:finding", pk=action.finding_id)
    assert "withdrawn. It stays in the history" in client.get(response["Location"]).content.decode()
    assert action.withdrawal_reason == REASON and action.withdrawn_by is not None
    assert action.withdrawn_by.get_username() == username
    restored = client.post(url("actions:restore", pk=action.pk), {"version": action.version})
    assert restored.status_code == 302 and restored["Location"] == url(
        "actions:action", pk=action.pk
    )
    action.refresh_from_db()
    assert not action.is_withdrawn and action.withdrawal_reason == ""
    assert "restored" in client.get(restored["Location"]).content.decode()


def test_anonymous_and_other_partnerships_cannot_withdraw_or_restore(demo):
    action = the_action()
    assert withdraw(Client(), action)["Location"].startswith("/accounts/login/")
    bexley = sign_in("bexley-leader")
    assert bexley.get(url("actions:withdraw", pk=action.pk)).status_code == 404
    assert withdraw(bexley, action).status_code == 404
    assert withdraw(bexley, action).status_code == 404
    withdraw(sign_in("suffolk-officer"), action)
    for client in (bexley, sign_in("suffolk-board")):
        response = client.post(url("actions:restore", pk=action.pk), {"version": 2})
        assert response.status_code == (404 if client is bexley else 403)
        assert client.get(url("actions:action", pk=action.pk)).status_code == (
            404 if client is bexley else 200
        )
    assert Action.all_objects.get(pk=action.pk).is_withdrawn


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why it is being withdrawn"),
        ("   ", "Enter why it is being withdrawn"),
        ("x" * 1001, "1,000 characters"),
        ("a\x00b", "Remove the invalid character"),
    ],
)
def test_a_withdrawal_needs_a_reason(demo, reason, message):
    action = the_action()
    response = withdraw(sign_in("suffolk-officer"), action, reason)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    assert not Action.all_objects.get(pk=action.pk).is_withdrawn


def test_a_stale_withdrawal_is_refused(demo):
    action = the_action()
    seen = action.version
    sign_in("suffolk-admin").post(
        url("actions:update-status", pk=action.pk),
        {"status-status": "on_hold", "status-rag": "amber", "status-version": seen},
    )
    response = withdraw(sign_in("suffolk-officer"), action)
    assert response.status_code == 409 and b"Demo Suffolk admin changed it" in response.content
    assert REASON.encode() in response.content  # the reason typed is kept
    assert not Action.all_objects.get(pk=action.pk).is_withdrawn


def test_the_withdrawn_actions_page_says_who_when_and_why_and_its_history_works(demo):
    action = the_action()
    withdraw(sign_in("suffolk-officer"), action)
    board = sign_in("suffolk-board")
    page = board.get(url("actions:action", pk=action.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "This action was withdrawn on" in html
    assert "by Demo Suffolk officer" in html and REASON in html
    assert timezone.localdate().strftime("%-d %B %Y") in html
    assert "Restore this action" not in html  # board members read only
    assert (
        "Restore this action"
        in sign_in("suffolk-leader").get(url("actions:action", pk=action.pk)).content.decode()
    )
    history = board.get(url("actions:action-history", pk=action.pk))
    assert history.status_code == 200 and REASON in history.content.decode()
    latest = history_of(Action.all_objects.get(pk=action.pk))[0]
    assert latest.who == "Demo Suffolk officer"
    assert {c.field for c in latest.changes} >= {"Withdrawn by", "Withdrawal reason"}
    # Nothing but its page, history and restore reaches it.
    leader = sign_in("suffolk-leader")
    for name in ("actions:edit", "actions:close", "actions:withdraw"):
        assert leader.get(url(name, pk=action.pk)).status_code == 404, name
    for name in ("actions:update-status", "actions:add-update", "actions:reopen"):
        assert leader.post(url(name, pk=action.pk)).status_code == 404, name


def test_a_withdrawn_action_leaves_the_pages_counts_and_packs(demo):
    action = the_action()
    partnership = Partnership.objects.get(slug="suffolk")
    today = timezone.localdate()
    as_of = dt.date(2026, 11, 1)
    update_text = action.updates.values_list("narrative", flat=True).first()
    assert update_text is not None
    client = sign_in("suffolk-leader")

    def figures() -> dict:
        finding = next(
            f
            for f in findings_with_progress(partnership=partnership, today=today)
            if f.pk == action.finding_id
        )
        return {"total": finding.total, "in_progress": finding.in_progress, "red": finding.red}

    def seen() -> dict[str, bool]:
        pages = {
            "dashboard": url("actions:dashboard"),
            "finding": url("actions:finding", pk=action.finding_id),
            "list": url("actions:list"),
            "list filtered": url("actions:list") + f"?finding={action.finding_id}&rag=red",
        }
        shown = {
            name: action.title in client.get(page).content.decode() for name, page in pages.items()
        }
        finding_page = client.get(pages["finding"]).content.decode()
        shown["updates on the finding"] = update_text[:40] in finding_page
        pack = pack_data(partnership, as_of=as_of, since=dt.date(2024, 1, 1), prepared_by="x")
        shown["pack actions"] = action.pk in {a.pk for a in pack.all_actions}
        shown["pack sections"] = any(
            a.pk == action.pk for section in pack.sections for a in section.actions
        )
        shown["pack updates"] = any(
            u.action_id == action.pk for section in pack.sections for u in section.updates
        )
        shown["pack RAG changes"] = any(c.action.pk == action.pk for c in pack.rag_changes)
        return shown

    before_figures, before_seen = figures(), seen()
    assert all(before_seen.values()), before_seen  # each check can see the action
    plan = Plan.objects.get(pk=action.plan_id)
    plans_before = client.get(url("actions:plans")).content.decode()

    withdraw(sign_in("suffolk-officer"), action)

    after_figures = figures()
    assert after_figures == {
        "total": before_figures["total"] - 1,
        "in_progress": before_figures["in_progress"] - 1,
        "red": before_figures["red"] - 1,
    }
    assert not any(seen().values()), seen()
    current = Action.objects.filter(plan=plan).count()
    assert f"{current + 1}</td>" in plan_row(plans_before, plan.title)
    assert f"{current}</td>" in plan_row(
        client.get(url("actions:plans")).content.decode(), plan.title
    )
    # Restored, everything comes back as it was.
    restore = sign_in("suffolk-officer").post(
        url("actions:restore", pk=action.pk),
        {"version": Action.all_objects.get(pk=action.pk).version},
    )
    assert restore.status_code == 302
    assert figures() == before_figures and seen() == before_seen


def test_a_repeated_withdrawal_or_restore_changes_nothing_more(demo):
    action = the_action()
    officer = sign_in("suffolk-officer")
    withdraw(officer, action)
    assert withdraw(officer, action).status_code == 404  # no longer a current action
    stored = Action.all_objects.get(pk=action.pk)
    officer.post(url("actions:restore", pk=action.pk), {"version": stored.version})
    again = officer.post(url("actions:restore", pk=action.pk), {"version": stored.version})
    assert again.status_code == 404
    for bad in ("", "abc", "99999999999999999999", str(uuid.uuid4())):
        assert officer.post(url("actions:restore", pk=action.pk), {"version": bad}).status_code in (
            302,
            404,
        )
    assert Action.objects.get(pk=action.pk).version == stored.version + 1
