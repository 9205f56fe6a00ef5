"""Loads the demo data in fixtures/demo/: published facts plus clearly illustrative progress.

Loads both the inspection record (`inspections`) and the partnership's response
(`actions`), so it sits above both apps.

Idempotent: every row is found by its natural key and written only when something differs,
so a second run changes nothing (not even `updated_at` timestamps or password hashes).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction

from actions.models import Action, Measure, MeasureMilestone, MeasureValue, Plan, ProgressUpdate
from benchmarks.models import Indicator
from demo.families import load_suffolk_families_page
from demo.national import load_national_statistics
from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Intervention,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)
from inspections.services import inspection_record_implied_deadlines
from inspections.upsert import upsert

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PARTNERSHIPS = ["suffolk", "bexley"]
# The ONS code of each demo partnership's local authority.
LOCAL_AUTHORITY_CODES = {"suffolk": "E10000029", "bexley": "E09000004"}
DEMO_PASSWORD = "send-demo-2026"  # noqa: S105 - documented demo password
DEMO_USERS: list[tuple[str, str, str, str]] = [
    # username, partnership, role, display name
    ("suffolk-leader", "suffolk", Membership.Role.LEADER, "Demo Suffolk leader"),
    ("suffolk-officer", "suffolk", Membership.Role.OFFICER, "Demo Suffolk officer"),
    ("suffolk-board", "suffolk", Membership.Role.BOARD, "Demo Suffolk board member"),
    ("suffolk-admin", "suffolk", Membership.Role.ADMIN, "Demo Suffolk admin"),
    ("suffolk-forum", "suffolk", Membership.Role.FORUM, "Demo Suffolk forum representative"),
    ("bexley-leader", "bexley", Membership.Role.LEADER, "Demo Bexley leader"),
    ("bexley-officer", "bexley", Membership.Role.OFFICER, "Demo Bexley officer"),
    ("bexley-board", "bexley", Membership.Role.BOARD, "Demo Bexley board member"),
]


class Counter:
    """Counts rows created and updated, for the command's report."""

    def __init__(self) -> None:
        self.created = 0
        self.updated = 0


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _set_m2m(manager: Any, wanted: list[models.Model], counter: Counter) -> None:
    if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
        manager.set(wanted)
        counter.updated += 1


def load_partnership(slug: str, counter: Counter) -> Partnership:
    """Load one partnership's published record and its illustrative plan data."""
    published = json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    extra = json.loads((DEMO_DIR / f"{slug}-extra.json").read_text(encoding="utf-8"))

    partnership = upsert(
        Partnership,
        counter,
        {"slug": slug},
        {"name": published["partnership"]["name"], "is_demo": True},
    )
    orgs: dict[str, Organisation] = {}
    for org in published["organisations"]:
        orgs[org["name"]] = upsert(
            Organisation,
            counter,
            {"partnership": partnership, "name": org["name"]},
            {"short_name": org.get("short_name", ""), "kind": org["kind"]},
        )

    inspections: dict[str, Inspection] = {}
    findings: dict[str, Finding] = {}
    for data in published["inspections"]:
        inspection = upsert(
            Inspection,
            counter,
            {
                "partnership": partnership,
                "kind": data["kind"],
                "start_date": _date(data["start_date"]),
            },
            {
                "end_date": _date(data["end_date"]),
                "published_date": _date(data.get("published_date")),
                "outcome": data.get("outcome") or "",
                "outcome_text": data.get("outcome_text", ""),
                "source": data.get("source", ""),
            },
        )
        inspections[data["key"]] = inspection
        for order, member in enumerate(data.get("team", []), start=1):
            upsert(
                InspectionTeamMember,
                counter,
                {"inspection": inspection, "order": order},
                {
                    "name": member["name"],
                    "role": member["role"],
                    "inspectorate": member["inspectorate"],
                    "is_signatory": data["kind"] == Inspection.Kind.MONITORING,
                },
            )
        for order, person in enumerate(data.get("addressees", []), start=1):
            upsert(
                Addressee,
                counter,
                {"inspection": inspection, "order": order},
                {k: person[k] for k in ("name", "role", "organisation")},
            )
        for item in data.get("findings", []):
            finding = upsert(
                Finding,
                counter,
                {"inspection": inspection, "kind": item["kind"], "number": item["number"]},
                {
                    "statement": item["statement"],
                    "focus_points_intro": item.get("focus_points_intro", ""),
                },
            )
            _set_m2m(
                finding.responsible_bodies,
                [orgs[name] for name in item.get("responsible_bodies", [])],
                counter,
            )
            for order, text in enumerate(item.get("focus_points", []), start=1):
                upsert(FocusPoint, counter, {"finding": finding, "order": order}, {"text": text})
            findings[f"{data['key']}:{item['kind']}:{item['number']}"] = finding

    # Judgements and follow-up links, once every inspection exists.
    for data in published["inspections"]:
        inspection = inspections[data["key"]]
        for judgement in data.get("judgements", []):
            finding = findings[judgement["finding_ref"]]
            upsert(
                Judgement,
                counter,
                {"finding": finding, "inspection": inspection},
                {"outcome": judgement["outcome"], "narrative": judgement["narrative"]},
            )
            upsert(Inspection, counter, {"pk": inspection.pk}, {"follows": finding.inspection})

    for inspection in inspections.values():
        inspection_record_implied_deadlines(inspection=inspection)

    _load_extra(partnership, extra, orgs, inspections, counter)
    return partnership


def _load_extra(
    partnership: Partnership,
    extra: dict[str, Any],
    orgs: dict[str, Organisation],
    inspections: dict[str, Inspection],
    counter: Counter,
) -> None:
    """Interventions, deadlines, plans, actions and measures (see each file's `_about`)."""
    interventions: dict[str, Intervention] = {}
    for item in extra["interventions"]:
        interventions[item["kind"]] = upsert(
            Intervention,
            counter,
            {"partnership": partnership, "kind": item["kind"], "date": _date(item["date"])},
            {
                "body": item["body"],
                "title": item["title"],
                "date_is_approximate": item["date_is_approximate"],
                "summary": item["summary"],
                "source": item["source"],
            },
        )
    for item in extra["deadlines"]:
        upsert(
            Deadline,
            counter,
            {"partnership": partnership, "title": item["title"], "source": item["source"]},
            {
                "intervention": interventions.get(item.get("intervention") or ""),
                "owner": orgs.get(item.get("owner") or ""),
                "due_date": _date(item.get("due_date")),
                "due_text": item.get("due_text", ""),
                "is_approximate": item.get("is_approximate", False),
                "status": item["status"],
                "met_date": _date(item.get("met_date")),
                "evidence": item.get("evidence", ""),
            },
        )

    # The latest full inspection's findings are what the plans answer.
    latest_full = (
        Inspection.objects.filter(partnership=partnership, kind=Inspection.Kind.FULL)
        .order_by("-start_date")
        .first()
    )
    finding_by_ref = {
        f"{f.kind}:{f.number}": f for f in Finding.objects.filter(inspection=latest_full)
    }

    plans: dict[str, Plan] = {}
    for item in extra["plans"]:
        plans[item["key"]] = upsert(
            Plan,
            counter,
            {"partnership": partnership, "title": item["title"]},
            {
                "kind": item["kind"],
                "status": item["status"],
                "start_date": _date(item.get("start_date")),
                "end_date": _date(item.get("end_date")),
                "supersedes": plans.get(item.get("supersedes") or ""),
                "summary": item.get("summary", ""),
            },
        )

    User = get_user_model()
    author = User.objects.filter(username=f"{partnership.slug}-leader").first()
    # Owners are demo accounts (a member who may own actions), named by username.
    owners = {
        user.get_username(): user
        for user in User.objects.filter(
            username__in=[item["owner"] for item in extra["actions"] if item.get("owner")]
        )
    }
    for item in extra["actions"]:
        finding = finding_by_ref[item["finding"]]
        focus_point = (
            FocusPoint.objects.get(finding=finding, order=item["focus_point"])
            if item.get("focus_point")
            else None
        )
        action = upsert(
            Action,
            counter,
            {"plan": plans[item["plan"]], "title": item["title"]},
            {
                "finding": finding,
                "focus_point": focus_point,
                "description": item["description"],
                "lead_organisation": orgs[item["lead_organisation"]],
                "lead_name": item["lead_name"],
                "owner": owners[item["owner"]] if item.get("owner") else None,
                "start_date": _date(item.get("start_date")),
                "due_date": _date(item["due_date"]),
                "completed_date": _date(item.get("completed_date")),
                "status": item["status"],
                "rag": item["rag"],
                "is_illustrative": True,
            },
        )
        for update in item["updates"]:
            upsert(
                ProgressUpdate,
                counter,
                {"action": action, "date": _date(update["date"])},
                {
                    "narrative": update["narrative"],
                    "rag": update["rag"],
                    "author": author,
                    "author_name": "Illustrative demo update",
                },
            )

    owner = get_user_model().objects.filter(username=f"{partnership.slug}-leader").first()
    for item in extra["measures"]:
        linked = item.get("indicator")
        indicator = (
            Indicator.objects.get(
                column__iexact=linked["column"],
                breakdown_topic=linked["breakdown"][0],
                breakdown=linked["breakdown"][1],
            )
            if linked
            else None
        )
        measure = upsert(
            Measure,
            counter,
            {"partnership": partnership, "name": item["name"]},
            {
                "definition": item["definition"],
                "unit": item["unit"],
                "higher_is_better": item["higher_is_better"],
                "baseline_value": _decimal(item.get("baseline_value")),
                "baseline_date": _date(item.get("baseline_date")),
                "target_value": _decimal(item.get("target_value")),
                "target_date": _date(item.get("target_date")),
                "england_average": _decimal(item.get("england_average")),
                "england_average_note": item.get("england_average_note", ""),
                # Figures from national statistics are real (they cite their source); the
                # rest is made up, and says so.
                "is_illustrative": indicator is None,
                "indicator": indicator,
                "owner": owner,
            },
        )
        for day, value in item.get("milestones", []):
            upsert(
                MeasureMilestone,
                counter,
                {"measure": measure, "date": _date(day)},
                {"value": Decimal(value)},
            )
        _set_m2m(measure.findings, [finding_by_ref[ref] for ref in item["findings"]], counter)
        for day, value in item["values"]:
            upsert(
                MeasureValue,
                counter,
                {"measure": measure, "date": _date(day)},
                {"value": Decimal(value)},
            )


def load_demo_users(counter: Counter) -> None:
    """The demo accounts; a password (and an example.org address, so `make run` shows
    their reminders in the log) is set only when the account is first made."""
    User = get_user_model()
    for username, slug, role, display_name in DEMO_USERS:
        first, _, last = display_name.partition(" ")
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
            )
            counter.created += 1
        upsert(
            Membership,
            counter,
            {"user": user, "partnership": Partnership.objects.get(slug=slug)},
            {"role": role},
        )


@transaction.atomic
def load_demo() -> Counter:
    """Load the demo partnerships and accounts, then each partnership's records."""
    counter = Counter()
    for slug in DEMO_PARTNERSHIPS:
        published = json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))
        upsert(
            Partnership,
            counter,
            {"slug": slug},
            {
                "name": published["partnership"]["name"],
                "is_demo": True,
                "local_authority_codes": LOCAL_AUTHORITY_CODES[slug],
            },
        )
    load_demo_users(counter)  # before the records, so progress updates have their author
    # Before the measures that link to them; counted as rows created or changed.
    created, changed = load_national_statistics()
    counter.created += created
    counter.updated += changed
    for slug in DEMO_PARTNERSHIPS:
        load_partnership(slug, counter)
    load_suffolk_families_page(counter)  # after the measures and findings it is written from
    if counter.created or counter.updated:
        Partnership.objects.filter(slug__in=DEMO_PARTNERSHIPS).mark_changed()
    return counter
