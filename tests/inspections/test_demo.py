"""load_demo: the published Suffolk facts, Bexley, demo accounts, and idempotence."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core import serializers
from django.core.management import call_command

from actions.models import Action, Measure, Plan
from demo.loader import DEMO_PASSWORD
from inspections.models import (
    Deadline,
    Finding,
    Inspection,
    Intervention,
    Judgement,
    Membership,
    Partnership,
)

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


def suffolk_inspection(kind: str) -> Inspection:
    return Inspection.objects.get(partnership__slug="suffolk", kind=kind)


def snapshot() -> str:
    """Every row of every project model, serialised."""
    rows = []
    for label in ("inspections", "actions", "auth"):
        for model in apps.get_app_config(label).get_models():
            rows.append(serializers.serialize("json", model._default_manager.order_by("pk")))
    return "\n".join(rows)


def test_suffolk_timeline_as_published(demo):
    kinds = list(
        Inspection.objects.filter(partnership__slug="suffolk")
        .order_by("start_date")
        .values_list("kind", "start_date", "end_date")
    )
    assert kinds == [
        ("inspection_2016", dt.date(2019, 1, 21), dt.date(2019, 1, 23)),
        ("full_2023", dt.date(2023, 11, 13), dt.date(2023, 11, 17)),
        ("monitoring_2023", dt.date(2026, 3, 23), dt.date(2026, 3, 25)),
    ]
    full = suffolk_inspection("full_2023")
    assert full.outcome == Inspection.Outcome.SYSTEMIC
    assert full.date_range == "13 to 17 November 2023"
    assert full.outcome_text.startswith("There are widespread and/or systemic failings")


def test_suffolk_findings_word_for_word(demo):
    full = suffolk_inspection("full_2023")
    apas = Finding.objects.filter(inspection=full, kind="priority_action").order_by("number")
    afis = Finding.objects.filter(inspection=full, kind="improvement").order_by("number")
    assert [f.number for f in apas] == [1, 2]
    assert [f.number for f in afis] == [1, 2, 3]

    apa1, apa2 = apas
    assert apa1.statement == (
        "The LAP should work more collaboratively and effectively to improve strategic "
        "planning. This needs to deliver systems with measurable impact that will create "
        "better experiences and outcomes for children and young people with SEND."
    )
    assert apa1.focus_points_intro == "In particular they should urgently improve:"
    assert [p.text for p in apa1.focus_points.order_by("order")] == [
        "the robustness and impact of governance",
        "the rigour of quality assurance approaches, so that these give the information "
        "leaders require to address weaknesses effectively",
        "the frequency and quality of multi-agency working",
        "the management of transitions and planning for adulthood for children and young "
        "people, starting in the earliest years, and across services in education, health "
        "and care, including putting steps in place to reduce NEET, so that they are better "
        "supported to lead fulfilling lives.",
    ]
    assert apa2.statement.startswith(
        "Local area partnership leaders should cooperate to take urgent action to improve "
        "the timeliness and quality of the statutory EHC plan processes"
    )
    assert apa2.focus_points.count() == 0
    bodies = sorted(o.name for o in apa1.responsible_bodies.all())
    assert bodies == [
        "NHS Norfolk and Waveney ICB",
        "NHS Suffolk and North East Essex ICB",
        "Suffolk County Council",
    ]
    assert afis[0].statement.startswith("Leaders across the partnership should use performance")
    assert afis[2].statement.endswith("improve outcomes in these areas for children with SEND.")


def test_suffolk_monitoring_letter(demo):
    monitoring = suffolk_inspection("monitoring_2023")
    assert monitoring.published_date == dt.date(2026, 5, 20)
    assert monitoring.follows == suffolk_inspection("full_2023")
    assert [(a.name, a.organisation) for a in monitoring.addressees.all()] == [
        ("Sarah-Jane Smedmor", "Suffolk Borough Council"),
        ("Ed Garratt", "NHS Suffolk and North East Essex Integrated Care Board"),
    ]
    assert [(m.name, m.role, m.inspectorate) for m in monitoring.team.all()] == [
        ("Kieran Bird", "His Majesty's Inspector, Ofsted, Lead inspector", "ofsted"),
        ("Nick Bennison", "His Majesty's Inspector, Ofsted", "ofsted"),
        ("Claire Mason", "Children's Services Inspector, CQC", "cqc"),
        ("Lisa Laughlin", "Children's Services Inspector, CQC", "cqc"),
    ]
    outcomes = [
        (j.finding.number, j.outcome)
        for j in Judgement.objects.filter(inspection=monitoring).order_by("finding__number")
    ]
    assert outcomes == [(1, "ineffective"), (2, "effective")]
    apa1 = Judgement.objects.get(inspection=monitoring, finding__number=1)
    assert apa1.narrative.startswith("Since the last inspection, the partnership has experienced")
    assert apa1.narrative.count("\n\n") == 7  # eight paragraphs, as in the letter
    assert "strengthen practice across education, health and social care" in apa1.narrative


def test_monitoring_narratives_match_the_letter_word_for_word(demo):
    """Each narrative, whitespace aside, stands in the published letter."""
    letter = (SEEDS / "suffolk-monitoring-letter-2026-05.txt").read_text(encoding="utf-8")
    letter = re.sub(r"\s+", " ", letter.replace("**", "").replace("#", ""))
    for judgement in Judgement.objects.filter(inspection__partnership__slug="suffolk"):
        narrative = re.sub(r"\s+", " ", judgement.narrative)
        assert len(narrative) > 1000
        assert narrative in letter


def test_suffolk_dfe_interventions_and_stocktake_deadlines(demo):
    notice = Intervention.objects.get(partnership__slug="suffolk", kind="improvement_notice")
    assert (notice.date.year, notice.date.month, notice.date_is_approximate) == (2024, 5, True)
    stocktake = Intervention.objects.get(partnership__slug="suffolk", kind="stocktake")
    assert stocktake.date == dt.date(2025, 11, 3)
    due = {d.title: (d.due_date, d.due_text) for d in stocktake.deadlines.all()}
    assert due["SEND sufficiency strategy completed"][0] == dt.date(2025, 12, 31)
    assert due["Local Area Inclusion Plan (LAIP) produced, replacing the priority action plan"][
        0
    ] == dt.date(2026, 1, 29)
    assert due[
        "Assurance on when EHC plan timeliness will reach the national average, with milestones"
    ][0] == dt.date(2026, 1, 29)
    assert due[
        "Preparation for adulthood (PfA) and transitions strategy presented to the SEND "
        "Improvement Board"
    ][0] == dt.date(2026, 3, 26)
    assert due["Next DfE review"][1] == "End of spring term 2026"
    assert due["Strengthen communication, co-production and use of lived experience"][0] is None
    assert len(due) == 6


def test_framework_deadlines_implied_by_the_systemic_outcome(demo):
    framework = Deadline.objects.filter(partnership__slug="suffolk", source="framework")
    by_title = {d.title.split(" (")[0]: d for d in framework}
    monitoring = by_title["Monitoring inspection"]
    assert monitoring.is_approximate and monitoring.due_date == dt.date(2025, 5, 17)
    assert monitoring.status == "met" and monitoring.met_date == dt.date(2026, 3, 25)
    reinspection = by_title["Full reinspection"]
    assert reinspection.due_date == dt.date(2026, 11, 17) and reinspection.status == "open"


def test_plans_actions_and_measures_are_labelled_illustrative(demo):
    laip = Plan.objects.get(partnership__slug="suffolk", kind="laip")
    assert laip.supersedes is not None and laip.supersedes.kind == "priority_action_plan"
    actions = Action.objects.filter(plan__partnership__slug="suffolk")
    assert actions.count() >= 8
    assert not actions.filter(is_illustrative=False).exists()
    backlog = actions.get(title__startswith="Clear the backlog")
    assert backlog.status == "complete" and backlog.due_date == dt.date(2026, 1, 31)
    reviews = Measure.objects.get(
        partnership__slug="suffolk", name="Annual reviews completed within 12 months"
    )
    assert reviews.is_illustrative and reviews.values.count() >= 6
    # Except the measures whose figures are national statistics: real, with their source.
    timeliness = Measure.objects.get(
        partnership__slug="suffolk", name="New EHC plans issued within 20 weeks"
    )
    assert not timeliness.is_illustrative and timeliness.indicator is not None
    assert "June 2025" in timeliness.indicator.citation
    assert not timeliness.values.exists()  # its figures come from the statistics
    assert Partnership.objects.get(slug="suffolk").ons_codes == ["E10000029"]
    assert Partnership.objects.get(slug="bexley").ons_codes == ["E09000004"]


def test_bexley_from_its_report(demo):
    full = Inspection.objects.get(partnership__slug="bexley", kind="full_2023")
    assert full.date_range == "4 to 8 December 2023"
    assert full.outcome == "systemic"
    assert full.findings.filter(kind="priority_action").count() == 3
    assert full.findings.filter(kind="improvement").count() == 2


def test_demo_accounts_and_roles(demo):
    expected = {
        "suffolk-leader": ("suffolk", "leader"),
        "suffolk-officer": ("suffolk", "officer"),
        "suffolk-board": ("suffolk", "board"),
        "suffolk-admin": ("suffolk", "admin"),
        "bexley-leader": ("bexley", "leader"),
        "bexley-board": ("bexley", "board"),
        "bexley-officer": ("bexley", "officer"),
    }
    for username, (slug, role) in expected.items():
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
        membership = Membership.objects.get(user__username=username)
        assert (membership.partnership.slug, membership.role) == (slug, role)


def test_illustrative_actions_are_owned_by_members_who_may_own_them(demo):
    """Most demo actions have an owner in their own partnership (a leader or officer); the
    rest keep a named lead only, for someone without an account."""
    for slug in ("suffolk", "bexley"):
        actions = Action.objects.filter(plan__partnership__slug=slug).select_related("owner")
        owned = [a for a in actions if a.owner_id]
        assert owned, slug
        for action in owned:
            membership = Membership.objects.get(user=action.owner, partnership__slug=slug)
            assert membership.role in Membership.OWNER_ROLES
        assert all(a.lead_name for a in actions if not a.owner_id)
    assert Action.objects.filter(owner__username="bexley-officer").exists()


def test_load_demo_twice_changes_nothing(db, capsys):
    call_command("load_demo")
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert "0 rows created, 0 changed" in capsys.readouterr().out
