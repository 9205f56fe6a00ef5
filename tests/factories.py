"""Plain factory functions for tests: make_* builds a valid row with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
from inspections.models import (
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)

_seq = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def make_partnership(name: str | None = None, **kwargs: Any) -> Partnership:
    n = next(_seq)
    name = name or f"Testshire {n}"
    return Partnership.objects.create(
        name=name, slug=kwargs.pop("slug", f"testshire-{n}"), **kwargs
    )


def make_organisation(partnership: Partnership, **kwargs: Any) -> Organisation:
    kwargs.setdefault("name", f"Testshire Council {next(_seq)}")
    kwargs.setdefault("kind", Organisation.Kind.COUNCIL)
    return Organisation.objects.create(partnership=partnership, **kwargs)


def make_user(username: str | None = None, **kwargs: Any) -> AbstractUser:
    return get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password=PASSWORD, **kwargs
    )


def make_member(partnership: Partnership, role: str = Membership.Role.LEADER, user=None):
    user = user or make_user()
    Membership.objects.create(user=user, partnership=partnership, role=role)
    return user


def make_inspection(partnership: Partnership, **kwargs: Any) -> Inspection:
    start = kwargs.pop("start_date", dt.date(2023, 11, 13) + dt.timedelta(days=next(_seq)))
    kwargs.setdefault("kind", Inspection.Kind.FULL)
    if kwargs["kind"] == Inspection.Kind.FULL:
        kwargs.setdefault("outcome", Inspection.Outcome.SYSTEMIC)
    return Inspection.objects.create(
        partnership=partnership,
        start_date=start,
        end_date=kwargs.pop("end_date", start + dt.timedelta(days=4)),
        **kwargs,
    )


def make_finding(inspection: Inspection, focus_points: int = 0, **kwargs: Any) -> Finding:
    kwargs.setdefault("kind", Finding.Kind.PRIORITY_ACTION)
    kwargs.setdefault("number", next(_seq))
    kwargs.setdefault("statement", "Leaders should improve things.")
    finding = Finding.objects.create(inspection=inspection, **kwargs)
    for order in range(1, focus_points + 1):
        FocusPoint.objects.create(finding=finding, order=order, text=f"focus point {order}")
    return finding


def make_judgement(finding: Finding, inspection: Inspection, **kwargs: Any) -> Judgement:
    kwargs.setdefault("outcome", Judgement.Outcome.INEFFECTIVE)
    return Judgement.objects.create(finding=finding, inspection=inspection, **kwargs)


def make_deadline(partnership: Partnership, **kwargs: Any) -> Deadline:
    kwargs.setdefault("title", f"Deadline {next(_seq)}")
    kwargs.setdefault("source", Deadline.Source.STOCKTAKE)
    kwargs.setdefault("due_date", dt.date(2026, 1, 29))
    return Deadline.objects.create(partnership=partnership, **kwargs)


def make_plan(partnership: Partnership, **kwargs: Any) -> Plan:
    kwargs.setdefault("title", f"Plan {next(_seq)}")
    kwargs.setdefault("kind", Plan.Kind.PRIORITY_ACTION_PLAN)
    return Plan.objects.create(partnership=partnership, **kwargs)


def make_action(plan: Plan, finding: Finding, **kwargs: Any) -> Action:
    if "lead_organisation" not in kwargs:
        kwargs["lead_organisation"] = make_organisation(plan.partnership)
    kwargs.setdefault("title", f"Action {next(_seq)}")
    kwargs.setdefault("due_date", dt.date(2026, 6, 30))
    return Action.objects.create(plan=plan, finding=finding, **kwargs)


def make_update(action: Action, **kwargs: Any) -> ProgressUpdate:
    kwargs.setdefault("date", dt.date(2026, 1, 1) + dt.timedelta(days=next(_seq) % 300))
    kwargs.setdefault("narrative", "Progress made.")
    kwargs.setdefault("rag", "amber")
    return ProgressUpdate.objects.create(action=action, **kwargs)


def make_measure(partnership: Partnership, values: int = 0, **kwargs: Any) -> Measure:
    kwargs.setdefault("name", f"Measure {next(_seq)}")
    kwargs.setdefault("unit", Measure.Unit.PERCENT)
    measure = Measure.objects.create(partnership=partnership, **kwargs)
    for i in range(values):
        MeasureValue.objects.create(
            measure=measure, date=dt.date(2024, 1, 1) + dt.timedelta(days=30 * i), value=40 + i
        )
    return measure
