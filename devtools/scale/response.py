"""The response of one generated partnership to its inspection record: plans, actions,
their progress updates, and measures with monthly values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
from devtools.scale.record import Record
from devtools.scale.text import ACTION_OBJECTS, ACTION_VERBS, MEASURES
from devtools.scale.volumes import Draws, month_ends


def build_response(draw: Draws, record: Record) -> None:
    """Plans, actions answering the findings, progress updates and measures."""
    rng, today, v = draw.rng, draw.today, draw.v
    partnership, orgs = record.partnership, record.orgs
    findings, points_of, authors = record.findings, record.points_of, record.authors

    # Plans.
    plan_start = record.published + dt.timedelta(days=30)
    laip_start = plan_start + dt.timedelta(days=365)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                partnership=partnership,
                kind="priority_action_plan",
                title="Priority action plan (area SEND)",
                status="accepted",
                start_date=plan_start,
                end_date=plan_start + dt.timedelta(days=730),
            ),
            Plan(
                partnership=partnership,
                kind="laip",
                title="Local Area Inclusion Plan",
                status="published",
                start_date=laip_start,
            ),
        ]
    )

    # Actions: every finding has at least one; priority areas get twice as many.
    count = draw.between(v.actions)
    weights = [2 if f.kind == "priority_action" else 1 for f in findings]
    targets = findings + rng.choices(findings, weights=weights, k=count - len(findings))
    actions = []
    for finding in targets:
        # Work starts throughout the plans' life; a third or so is still ahead of time.
        start = draw.date_between(plan_start, today - dt.timedelta(days=30))
        due = start + dt.timedelta(days=rng.randint(120, 720))
        status: str
        if start > today:
            status = Action.Status.NOT_STARTED
        elif due < today:  # most past-due actions are done; the rest are overdue
            status = rng.choices(["complete", "in_progress", "on_hold"], weights=[75, 20, 5])[0]
        else:
            status = rng.choices(
                ["complete", "in_progress", "not_started", "on_hold"], weights=[10, 65, 15, 10]
            )[0]
        completed = None
        if status == Action.Status.COMPLETE:
            completed = draw.date_between(start, min(today, due + dt.timedelta(days=30)))
            rag = "blue"
        elif due < today:
            rag = rng.choices(["red", "amber"], weights=[60, 40])[0]
        else:
            rag = rng.choices(["red", "amber", "green"], weights=[15, 45, 40])[0]
        point = None
        if finding.pk in points_of and rng.random() < 0.7:
            point = rng.choice(points_of[finding.pk])
        first, last = draw.person()
        actions.append(
            Action(
                plan=plans[0] if start < laip_start else plans[1],
                finding=finding,
                focus_point=point,
                title=f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)}",
                description=draw.narrative(2),
                lead_organisation=rng.choice(orgs),
                lead_name=f"{first} {last}",
                start_date=start,
                due_date=due,
                completed_date=completed,
                status=status,
                rag=rag,
            )
        )
    actions = Action.objects.bulk_create(actions)

    # Progress updates, newest first back from today (or the completion date); the newest
    # carries the action's own RAG rating.
    updates = []
    for action in actions:
        day = min(action.completed_date or today, today)
        for k in range(draw.between(v.updates_per_action)):
            rag = action.rag if k == 0 else rng.choice(["red", "amber", "amber", "green"])
            updates.append(
                ProgressUpdate(
                    action=action,
                    date=day,
                    narrative=draw.narrative(rng.randint(1, 3)),
                    rag=rag,
                    author=rng.choice(authors) if authors else None,
                )
            )
            day -= dt.timedelta(days=rng.randint(7, 35))
    ProgressUpdate.objects.bulk_create(updates, batch_size=1000)

    # Measures with 36 monthly values, trending from start towards target with noise.
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    dates = month_ends(last_month, v.values_per_measure)
    measures, series = [], []
    for name, unit, higher, typical_start, target, england in rng.sample(
        MEASURES, draw.between(v.measures)
    ):
        start_value = typical_start * rng.uniform(0.85, 1.15)
        progress = rng.uniform(0.3, 1.1)
        values = []
        for k in range(len(dates)):
            trend = start_value + (target - start_value) * progress * k / max(len(dates) - 1, 1)
            value = trend * rng.uniform(0.95, 1.05)
            if unit == "percent":
                value = min(max(value, 0), 100)
            values.append(Decimal(str(round(max(value, 0), 1))))
        measures.append(
            Measure(
                partnership=partnership,
                name=name,
                definition=f"{name}, monthly, as reported to the SEND Improvement Board.",
                unit=unit,
                higher_is_better=higher,
                baseline_value=values[0],
                baseline_date=dates[0],
                target_value=Decimal(target),
                target_date=today + dt.timedelta(days=rng.randint(120, 540)),
                england_average=england,
                england_average_note="England, latest published statistics" if england else "",
            )
        )
        series.append(values)
    measures = Measure.objects.bulk_create(measures)
    MeasureValue.objects.bulk_create(
        (
            MeasureValue(measure=measure, date=day, value=value)
            for measure, values in zip(measures, series, strict=True)
            for day, value in zip(dates, values, strict=True)
        ),
        batch_size=1000,
    )
    MeasureThrough = Measure.findings.through
    MeasureThrough.objects.bulk_create(
        MeasureThrough(measure_id=measure.pk, finding_id=finding.pk)
        for measure in measures
        for finding in rng.sample(findings, min(len(findings), rng.randint(1, 2)))
    )
