"""Officers add, correct and withdraw findings, focus points and judgements outside the
import review (inspections/record_views.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import (
    Finding,
    FocusPoint,
    Inspection,
    Judgement,
    Organisation,
    Partnership,
)
from tests.clients import sign_in

pytestmark = pytest.mark.django_db


def suffolk_full() -> Inspection:
    return Inspection.objects.get(partnership__slug="suffolk", kind="full_2023")


def suffolk_monitoring() -> Inspection:
    return Inspection.objects.get(partnership__slug="suffolk", kind="monitoring_2023")


def finding(kind: str = "priority_action", number: int = 1) -> Finding:
    return Finding.objects.get(inspection=suffolk_full(), kind=kind, number=number)


def url(name: str, pk: int, slug: str = "suffolk") -> str:
    return reverse(f"inspections:{name}", kwargs={"slug": slug, "pk": pk})


def generation() -> int:
    return Partnership.objects.get(slug="suffolk").generation


def urls() -> dict[str, int]:
    """Every new correction page, with the id it is about."""
    apa1 = finding()
    return {
        "finding-add": suffolk_full().pk,
        "finding-correct": apa1.pk,
        "finding-withdraw": apa1.pk,
        "focus-point-add": apa1.pk,
        "focus-point-correct": apa1.focus_points.earliest("order").pk,
        "focus-point-withdraw": apa1.focus_points.earliest("order").pk,
        "judgement-add": apa1.pk,
        "judgement-correct": apa1.judgements.get().pk,
        "judgement-withdraw": apa1.judgements.get().pk,
        "inspection-withdraw": suffolk_monitoring().pk,
    }


# --- Who may --------------------------------------------------------------------------------


def test_every_correction_page_by_role(demo):
    pages = urls()
    anonymous = Client()
    for name, pk in pages.items():
        response = anonymous.get(url(name, pk))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    board = sign_in("suffolk-board")
    for name, pk in pages.items():
        assert board.get(url(name, pk)).status_code == 403, name
        assert board.post(url(name, pk), {"reason": "x", "text": "x"}).status_code == 403, name
    for username in ("suffolk-officer", "suffolk-leader", "suffolk-admin"):
        client = sign_in(username)
        for name, pk in pages.items():
            response = client.get(url(name, pk))
            assert response.status_code == 200, (username, name)
            assert "<h1" in response.content.decode()
    bexley = sign_in("bexley-leader")
    for name, pk in pages.items():
        assert bexley.get(url(name, pk)).status_code == 404, name  # Suffolk's slug
        assert bexley.get(url(name, pk, slug="bexley")).status_code == 404, name  # its own
        assert bexley.post(url(name, pk, slug="bexley"), {"reason": "x"}).status_code == 404


def test_the_inspection_page_offers_corrections_to_officers_only(demo):
    page = url("inspection", suffolk_full().pk)
    officer_html = sign_in("suffolk-officer").get(page).content.decode()
    board_html = sign_in("suffolk-board").get(page).content.decode()
    for name in ("finding-add", "finding-correct", "focus-point-add", "inspection-withdraw"):
        link = reverse(f"inspections:{name}", kwargs={"slug": "suffolk", "pk": 1}).split("/1/")[0]
        assert link in officer_html, name
    assert "Correct the record" in officer_html and "Correct the record" not in board_html
    assert "/withdraw/" not in board_html and "/correct/" not in board_html


# --- Findings -------------------------------------------------------------------------------


def bodies() -> list[Organisation]:
    return list(Organisation.objects.filter(partnership__slug="suffolk").order_by("pk")[:2])


def test_an_officer_adds_and_corrects_a_finding(officer):
    full, before = suffolk_full(), generation()
    data = {
        "kind": "improvement",
        "number": "4",
        "statement": "  Leaders should improve the timeliness of annual reviews. ",
        "focus_points_intro": "",
        "responsible_bodies": [org.pk for org in bodies()],
    }
    response = officer.post(url("finding-add", full.pk), data)
    added = Finding.objects.get(inspection=full, kind="improvement", number=4)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#finding-{added.pk}")
    assert added.statement == "Leaders should improve the timeliness of annual reviews."
    assert set(added.responsible_bodies.all()) == set(bodies())
    assert generation() > before
    assert added.history.latest().history_user.username == "suffolk-officer"
    page = officer.get(url("inspection", full.pk)).content.decode()
    assert "Area for improvement 4" in page and "timeliness of annual reviews" in page

    data.update(statement="Corrected statement.", responsible_bodies=[])
    assert officer.post(url("finding-correct", added.pk), data).status_code == 302
    added.refresh_from_db()
    assert added.statement == "Corrected statement."
    assert not added.responsible_bodies.exists()


def test_a_finding_form_refuses_what_it_cannot_store(officer, demo):
    full = suffolk_full()
    bexley_org = Organisation.objects.filter(partnership__slug="bexley").first()
    assert bexley_org is not None
    good = {"kind": "improvement", "number": "9", "statement": "A statement."}
    cases = [
        ({**good, "number": "1"}, "already has area for improvement 1"),
        ({**good, "statement": "x" * 10_001}, "10000 characters or fewer"),
        ({**good, "statement": "   "}, "Enter what the report says"),
        ({**good, "focus_points_intro": "x" * 301}, "300 characters or fewer"),
        ({**good, "kind": "weakness"}, "from the list"),
        ({**good, "number": "0"}, "1 or more"),
        ({**good, "number": "99999999999999999999"}, "99 or less"),
        ({**good, "responsible_bodies": [bexley_org.pk]}, "from the list"),
        ({**good, "responsible_bodies": ["99999999999999999999"]}, "from the list"),
        ({**good, "statement": "nul\x00byte"}, "Remove the invalid character"),
    ]
    count, before = Finding.all_objects.count(), generation()
    for data, message in cases:
        response = officer.post(url("finding-add", full.pk), data)
        html = response.content.decode()
        assert response.status_code == 200, message
        assert "govuk-error-summary" in html and message in html, message
    assert Finding.all_objects.count() == count and generation() == before
    # Correcting APA 2 into APA 1 would duplicate it.
    apa2 = finding(number=2)
    response = officer.post(
        url("finding-correct", apa2.pk),
        {"kind": "priority_action", "number": "1", "statement": apa2.statement},
    )
    assert "already has area for priority action 1" in response.content.decode()
    apa2.refresh_from_db()
    assert apa2.number == 2


def test_a_follow_up_makes_no_findings(officer):
    monitoring = suffolk_monitoring()
    response = officer.get(url("finding-add", monitoring.pk))
    assert "makes no findings of its own" in response.content.decode()
    data = {"kind": "priority_action", "number": "3", "statement": "x"}
    officer.post(url("finding-add", monitoring.pk), data)
    assert not Finding.all_objects.filter(inspection=monitoring).exists()


def test_a_finding_with_actions_is_not_withdrawn(officer):
    apa1 = finding()
    n = apa1.actions.count()
    assert n > 0
    page = officer.get(url("finding-withdraw", apa1.pk)).content.decode()
    assert f"Withdraw or move its {n} actions first." in page
    response = officer.post(url("finding-withdraw", apa1.pk), {"reason": "Recorded twice"})
    assert response.status_code == 409
    assert Finding.objects.filter(pk=apa1.pk).exists()


def test_withdrawing_a_finding_takes_its_focus_points_and_judgements(officer, demo):
    added = Finding.objects.create(
        inspection=suffolk_full(), kind="improvement", number=7, statement="Mistake."
    )
    FocusPoint.objects.create(finding=added, order=1, text="a point")
    judgement = Judgement.objects.create(
        finding=added, inspection=suffolk_monitoring(), outcome="effective"
    )
    page = url("finding-withdraw", added.pk)
    assert "leave every page, PDF and count" in officer.get(page).content.decode()
    for data, message in [
        ({"reason": ""}, "Enter why it is being withdrawn"),
        ({"reason": "  "}, "Enter why it is being withdrawn"),
        ({"reason": "x" * 1001}, "1000 characters or fewer"),
    ]:
        response = officer.post(page, data)
        assert message in response.content.decode() and "govuk-error-summary" in (
            response.content.decode()
        )
    assert Finding.objects.filter(pk=added.pk).exists()
    before = generation()
    assert officer.post(page, {"reason": "Typed in by mistake"}).status_code == 302
    assert generation() > before
    for model, pk in ((Finding, added.pk), (Judgement, judgement.pk)):
        assert not model.objects.filter(pk=pk).exists()
        row = model.all_objects.get(pk=pk)
        assert row.withdrawal_reason == "Typed in by mistake"
        assert row.withdrawn_by is not None and row.withdrawn_by.username == "suffolk-officer"
    assert not FocusPoint.objects.filter(finding=added).exists()
    latest = Finding.all_objects.get(pk=added.pk).history.latest()
    assert latest.withdrawal_reason == "Typed in by mistake"
    assert latest.history_user.username == "suffolk-officer"
    assert "Mistake." not in officer.get(url("inspection", suffolk_full().pk)).content.decode()
    # The number is free again (uniqueness ignores withdrawn rows); the withdrawn one is gone.
    data = {"kind": "improvement", "number": "7", "statement": "Right one."}
    assert officer.post(url("finding-add", suffolk_full().pk), data).status_code == 302
    assert officer.get(url("finding-withdraw", added.pk)).status_code == 404


# --- Focus points ---------------------------------------------------------------------------


def test_an_officer_adds_corrects_and_withdraws_a_focus_point(officer):
    apa2 = finding(number=2)
    form = officer.get(url("focus-point-add", apa2.pk)).content.decode()
    assert 'value="1"' in form  # the next position is offered
    assert (
        officer.post(url("focus-point-add", apa2.pk), {"order": "1", "text": "First"}).status_code
        == 302
    )
    point = FocusPoint.objects.get(finding=apa2, order=1)
    response = officer.post(url("focus-point-add", apa2.pk), {"order": "1", "text": "Again"})
    assert "Bullet point 1 of this finding is already recorded" in response.content.decode()
    for data, message in [
        ({"order": "2", "text": "x" * 10_001}, "10000 characters or fewer"),
        ({"order": "abc", "text": "x"}, "Enter the position as digits"),
        ({"order": "2", "text": ""}, "Enter the bullet point"),
    ]:
        assert message in officer.post(url("focus-point-add", apa2.pk), data).content.decode()
    assert FocusPoint.objects.filter(finding=apa2).count() == 1
    data = {"order": "1", "text": "First, corrected"}
    assert officer.post(url("focus-point-correct", point.pk), data).status_code == 302
    point.refresh_from_db()
    assert point.text == "First, corrected"
    response = officer.post(url("focus-point-withdraw", point.pk), {"reason": "Not in the report"})
    assert response.status_code == 302
    assert not FocusPoint.objects.filter(pk=point.pk).exists()
    assert officer.get(url("focus-point-correct", point.pk)).status_code == 404


def test_a_focus_point_with_actions_is_not_withdrawn(officer):
    point = next(p for p in FocusPoint.objects.filter(finding=finding()) if p.actions.exists())
    n = point.actions.count()
    response = officer.post(url("focus-point-withdraw", point.pk), {"reason": "x"})
    assert response.status_code == 409
    assert f"Withdraw or move its {n} action" in response.content.decode()
    assert FocusPoint.objects.filter(pk=point.pk).exists()


# --- Judgements -----------------------------------------------------------------------------


def test_an_officer_withdraws_records_and_corrects_a_judgement(officer):
    apa1, monitoring = finding(), suffolk_monitoring()
    judgement = apa1.judgements.get()
    data = {"inspection": monitoring.pk, "outcome": "effective", "narrative": "n"}
    response = officer.post(url("judgement-add", apa1.pk), data)
    assert "judgement of this finding is already recorded" in response.content.decode()
    response = officer.post(url("judgement-withdraw", judgement.pk), {"reason": "Misread"})
    assert response.status_code == 302
    letter_page = officer.get(url("inspection", monitoring.pk)).content.decode()
    assert f'id="judgement-{judgement.pk}"' not in letter_page
    assert officer.post(url("judgement-add", apa1.pk), data).status_code == 302
    new = Judgement.objects.get(finding=apa1)
    assert (new.outcome, new.narrative) == ("effective", "n")
    data["outcome"] = "ineffective"
    assert officer.post(url("judgement-correct", new.pk), data).status_code == 302
    new.refresh_from_db()
    assert new.outcome == "ineffective"


def test_a_judgement_form_refuses_what_it_cannot_store(officer, demo):
    apa2, afi1, monitoring = finding(number=2), finding("improvement", 1), suffolk_monitoring()
    Judgement.objects.filter(finding=apa2).update(
        withdrawn_at="2026-06-01T00:00:00Z", withdrawal_reason="test"
    )
    bexley = Inspection.objects.filter(partnership__slug="bexley").first()
    assert bexley is not None
    good = {"inspection": monitoring.pk, "outcome": "effective", "narrative": ""}
    cases = [
        (apa2, {**good, "outcome": "sufficient"}, "finds effective action or ineffective action"),
        (apa2, {**good, "inspection": suffolk_full().pk}, "Choose one of the inspections"),
        (apa2, {**good, "inspection": bexley.pk}, "Choose one of the inspections"),
        (apa2, {**good, "inspection": "99999999999999999999"}, "Choose one of the inspections"),
        (apa2, {**good, "inspection": "abc"}, "Choose one of the inspections"),
        (apa2, {**good, "outcome": "great"}, "from the list"),
        (apa2, {**good, "narrative": "x" * 30_001}, "30000 characters or fewer"),
        (afi1, good, "judges areas for priority action, not areas for improvement"),
    ]
    count, before = Judgement.all_objects.count(), generation()
    for target, data, message in cases:
        response = officer.post(url("judgement-add", target.pk), data)
        html = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in html, message
        assert message in html, message
    assert Judgement.all_objects.count() == count and generation() == before


def test_corrections_never_reach_another_partnership(demo):
    bexley_finding = Finding.objects.filter(inspection__partnership__slug="bexley").first()
    assert bexley_finding is not None
    officer = sign_in("suffolk-officer")
    for name in ("finding-correct", "finding-withdraw", "focus-point-add", "judgement-add"):
        assert officer.get(url(name, bexley_finding.pk)).status_code == 404
        assert officer.post(url(name, bexley_finding.pk), {"reason": "x"}).status_code == 404
    assert officer.get(url("finding-correct", 2**62)).status_code == 404
