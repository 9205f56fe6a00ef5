"""Generated partnerships at national scale, for the page benchmark and the load test.

`generate(partnerships, seed)` creates partnerships with the volumes of a real one: 1 to 3
inspections, 2 to 6 areas for priority action and 2 to 5 areas for improvement, 20 to 60
actions with 10 to 30 progress updates each, 5 to 10 measures with 36 monthly values, 10
deadlines and 20 users holding all four roles. Rows go in with `bulk_create` (a few dozen
statements per partnership), so no history rows are written: generated data has no past.

Generated rows are recognisable and never mistaken for real ones: every partnership's slug
starts `scale-` and its name ends "(scale test)"; users are `<slug>-<role>-<n>` with an
unusable password (set one with `manage.py changepassword`, as devtools/loadtest/run.sh
does). The same seed and the same `today` give the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
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

SLUG_PREFIX = "scale-"
NAME_SUFFIX = " (scale test)"


@dataclass(frozen=True)
class Volumes:
    """Inclusive (low, high) ranges per partnership."""

    inspections: tuple[int, int] = (1, 3)
    priority_areas: tuple[int, int] = (2, 6)
    improvement_areas: tuple[int, int] = (2, 5)
    actions: tuple[int, int] = (20, 60)
    updates_per_action: tuple[int, int] = (10, 30)
    measures: tuple[int, int] = (5, 10)
    values_per_measure: int = 36
    deadlines: int = 10


TYPICAL = Volumes()
# The lower bound of every range, for "the same pages with the least data". Two inspections
# (a full inspection and its monitoring inspection) rather than one, so that every page has
# the same shape as a large partnership's: a page with no judgements at all skips a
# prefetch query, which would make the counts differ for a reason that is not growth.
SMALLEST = Volumes(
    inspections=(2, 2),
    priority_areas=(2, 2),
    improvement_areas=(2, 2),
    actions=(20, 20),
    updates_per_action=(10, 10),
    measures=(5, 5),
)

# Users per role (20 in all, in every partnership): every role is present.
ROLE_MIX = [
    (Membership.Role.ADMIN, 2),
    (Membership.Role.LEADER, 6),
    (Membership.Role.OFFICER, 4),
    (Membership.Role.BOARD, 8),
]

# --- Realistic text -------------------------------------------------------------------

PLACE_STARTS = [
    "Ash", "Brack", "Calder", "Dun", "Elm", "Fair", "Glen", "Hart", "Kings", "Lang",
    "Mar", "Nor", "Oak", "Pen", "Red", "Stan", "Thorn", "Wex", "Whit", "Yar",
]  # fmt: skip
PLACE_ENDS = ["ford", "ley", "ton", "bury", "field", "ham", "wick", "by", "mouth", "stead"]

FIRST_NAMES = [
    "Amira", "Ben", "Chloe", "Daniel", "Ellie", "Farah", "George", "Hannah", "Imran", "Jess",
    "Kwame", "Laura", "Mohammed", "Nia", "Oliver", "Priya", "Rachel", "Sam", "Tom", "Zainab",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morris", "Nowak", "Okafor", "Patel", "Roberts", "Singh",
    "Taylor", "Walker",
]  # fmt: skip

OUTCOME_TEXT = {
    Inspection.Outcome.SYSTEMIC: (
        "There are widespread and/or systemic failings leading to significant concerns about "
        "the experiences and outcomes of children and young people with special educational "
        "needs and/or disabilities (SEND), which the local area partnership must address "
        "urgently."
    ),
    Inspection.Outcome.INCONSISTENT: (
        "The local area partnership's SEND arrangements lead to inconsistent experiences and "
        "outcomes for children and young people with SEND. The local area partnership must "
        "work jointly to make improvements."
    ),
}

PRIORITY_STATEMENTS = [
    "Leaders across the partnership should urgently improve the timeliness and quality of "
    "education, health and care (EHC) needs assessments and plans.",
    "The local area partnership should work more collaboratively and effectively to improve "
    "strategic planning, commissioning and oversight of SEND services.",
    "Leaders should urgently reduce waiting times for neurodevelopmental assessments and for "
    "therapies, and make sure families are supported while they wait.",
    "Leaders should improve how the partnership identifies and meets the needs of children "
    "and young people with SEND at the earliest opportunity.",
    "The partnership should improve communication and co-production with parents and carers, "
    "so that families are well informed and feel listened to.",
    "Leaders should improve the preparation for adulthood of young people with SEND, "
    "including pathways into employment, independent living and health transitions.",
    "Leaders should make sure that annual reviews of EHC plans happen on time and that plans "
    "are updated to reflect children's changing needs.",
]
IMPROVEMENT_STATEMENTS = [
    "Leaders across the partnership should use performance data and the views of families to "
    "evaluate the impact of their work.",
    "Leaders should make sure that the Local Offer is accessible, up to date and easy for "
    "families to use.",
    "The partnership should strengthen the contribution of health and social care advice to "
    "EHC plans.",
    "Leaders should improve the attendance of children and young people with SEND and reduce "
    "the use of suspensions and part-time timetables.",
    "Leaders should make sure that alternative provision is commissioned and quality assured "
    "effectively.",
    "The partnership should improve the training available to school staff on meeting needs "
    "at SEN support.",
]
FOCUS_POINTS = [
    "the robustness and impact of governance",
    "the quality and timeliness of EHC plans",
    "joint commissioning arrangements across education, health and care",
    "waiting times for speech and language therapy",
    "the co-production of services with the parent carer forum",
    "the use of data to understand the needs of the local population",
    "the quality assurance of EHC plans",
    "support for children and young people while they wait for assessment",
]

ACTION_VERBS = [
    "Introduce", "Recruit", "Review", "Publish", "Train", "Commission", "Audit", "Agree",
    "Launch", "Embed", "Develop", "Implement",
]  # fmt: skip
ACTION_OBJECTS = [
    "a multi-agency panel for EHC needs assessment requests",
    "the quality assurance framework for new EHC plans",
    "additional educational psychologist capacity",
    "a graduated approach toolkit for mainstream schools",
    "a weekly tracker of overdue annual reviews",
    "a neurodevelopmental pathway with a single point of access",
    "speech and language therapy support in early years settings",
    "a co-produced communication charter with the parent carer forum",
    "a SEND sufficiency strategy and capital programme",
    "preparation for adulthood pathways for 14 to 25 year olds",
    "a dashboard of SEND performance data for the improvement board",
    "training for SENCOs on writing outcomes in EHC plans",
    "the Local Offer website and its information for families",
    "a designated clinical officer team for health advice",
    "an inclusion charter signed by every school in the area",
]
UPDATE_SENTENCES = [
    "{n} EHC needs assessments completed this month, {pct}% within 20 weeks.",
    "Recruitment complete for {n} posts; induction under way.",
    "Backlog down to {n} overdue annual reviews from {m} at the start of the quarter.",
    "Audit of {n} plans found {pct}% good or better; feedback given to advice writers.",
    "Co-production workshop held with {n} parents and carers; actions agreed.",
    "Training delivered to {n} SENCOs across {m} schools.",
    "Risk: staffing in the assessment team remains below establishment.",
    "Reported to the SEND Improvement Board; next milestone agreed.",
    "Waiting list for assessment at {n} children, median wait {m} weeks.",
    "Delay while funding is confirmed by the integrated care board.",
]

MEASURES = [
    # name, unit, higher is better, start, target, England average
    ("New EHC plans issued within 20 weeks", "percent", True, 25, 60, Decimal("46.4")),
    ("Annual reviews completed within 12 months", "percent", True, 40, 80, None),
    (
        "Children waiting more than 18 weeks for an autism assessment",
        "count",
        False,
        900,
        300,
        None,
    ),
    ("Average wait for speech and language therapy", "weeks", False, 38, 18, Decimal("22.0")),
    ("Suspensions of pupils with EHC plans", "rate", False, 30, 18, Decimal("21.5")),
    ("Pupils with EHC plans in mainstream schools", "percent", True, 38, 50, Decimal("44.0")),
    ("Parents who found the Local Offer helpful", "percent", True, 35, 70, None),
    ("SEND tribunal appeals registered", "count", False, 160, 90, None),
    (
        "Young people with EHC plans aged 16 to 17 in education or training",
        "percent",
        True,
        82,
        92,
        Decimal("88.0"),
    ),  # fmt: skip
    ("Days from request to decision to assess", "days", False, 55, 42, None),
    ("Persistent absence of pupils with EHC plans", "percent", False, 33, 24, Decimal("29.0")),
    ("New EHC plans audited as good or better", "percent", True, 45, 80, None),
]

DEADLINE_TITLES = [
    ("Priority action plan submitted to Ofsted", Deadline.Source.INSPECTION, True),
    (
        "Revised Local Area Inclusion Plan agreed by the SEND Improvement Board",
        Deadline.Source.STOCKTAKE,
        False,
    ),  # fmt: skip
    ("Stocktake evidence pack returned to the DfE", Deadline.Source.STOCKTAKE, False),
    ("SEND sufficiency strategy completed", Deadline.Source.NOTICE, False),
    ("Assurance on EHC plan timeliness with milestones", Deadline.Source.NOTICE, False),
    (
        "Preparation for adulthood strategy presented to the board",
        Deadline.Source.STOCKTAKE,
        False,
    ),  # fmt: skip
    ("Annual review backlog cleared", Deadline.Source.NOTICE, False),
    ("Joint commissioning strategy published", Deadline.Source.OTHER, False),
    ("Next DfE review", Deadline.Source.STOCKTAKE, True),
    ("Monitoring inspection expected", Deadline.Source.FRAMEWORK, True),
    ("Parent carer forum co-production charter signed", Deadline.Source.OTHER, False),
    ("Neurodevelopmental pathway redesign agreed", Deadline.Source.OTHER, False),
]


def place_name(index: int) -> str:
    """A made-up English place name, unique for indexes 1 to 200 (then numbered)."""
    i = index - 1
    name = PLACE_STARTS[i % len(PLACE_STARTS)] + PLACE_ENDS[(i // len(PLACE_STARTS)) % 10]
    if i >= len(PLACE_STARTS) * len(PLACE_ENDS):
        name += f" {i // (len(PLACE_STARTS) * len(PLACE_ENDS)) + 1}"
    return name


def next_index() -> int:
    """The first number after every `scale-NNN-…` partnership already in the database."""
    numbers = [
        int(m.group(1))
        for slug in Partnership.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
            "slug", flat=True
        )
        if (m := re.match(rf"{SLUG_PREFIX}(\d+)", slug))
    ]
    return max(numbers, default=0) + 1


def month_ends(last: dt.date, count: int) -> list[dt.date]:
    """The last day of each of `count` months ending with `last`'s month, oldest first."""
    out = []
    year, month = last.year, last.month
    for _ in range(count):
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(following - dt.timedelta(days=1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


class _Builder:
    """Builds one partnership's rows; `rng` is shared so one seed fixes the whole run."""

    def __init__(self, rng: random.Random, today: dt.date, volumes: Volumes) -> None:
        self.rng = rng
        self.today = today
        self.v = volumes

    def between(self, bounds: tuple[int, int]) -> int:
        return self.rng.randint(*bounds)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def narrative(self, sentences: int) -> str:
        chosen = self.rng.sample(UPDATE_SENTENCES, sentences)
        return " ".join(
            s.format(
                n=self.rng.randint(3, 240), m=self.rng.randint(10, 400), pct=self.rng.randint(8, 95)
            )
            for s in chosen
        )

    def build(self, index: int) -> Partnership:
        rng, today, v = self.rng, self.today, self.v
        place = place_name(index)
        partnership = Partnership.objects.create(
            name=f"{place}{NAME_SUFFIX}", slug=f"{SLUG_PREFIX}{index:03d}-{slugify(place)}"
        )

        # Organisations: council, ICB (sometimes two), parent carer forum, a community trust.
        orgs = [
            Organisation(partnership=partnership, name=f"{place} Council", kind="council"),
            Organisation(
                partnership=partnership,
                name=f"NHS {place} Integrated Care Board",
                short_name=f"NHS {place} ICB",
                kind="icb",
            ),
            Organisation(
                partnership=partnership,
                name=f"{place} Parent Carer Forum",
                short_name=f"{place} PCF",
                kind="pcf",
            ),
            Organisation(
                partnership=partnership, name=f"{place} Community Health NHS Trust", kind="other"
            ),
        ]
        if rng.random() < 0.4:
            orgs.append(
                Organisation(
                    partnership=partnership,
                    name=f"NHS {place_name(index + 7)} Integrated Care Board",
                    kind="icb",
                )
            )
        orgs = Organisation.objects.bulk_create(orgs)
        council, icb = orgs[0], orgs[1]

        # Users: 20, holding all four roles; unusable passwords.
        users, roles = [], []
        for role, count in ROLE_MIX:
            for n in range(1, count + 1):
                first, last = self.person()
                users.append(
                    get_user_model()(
                        username=f"{partnership.slug}-{role}-{n}",
                        first_name=first,
                        last_name=last,
                        email=f"{first}.{last}.{index}{role}{n}@example.org".lower(),
                        password=make_password(None),
                    )
                )
                roles.append(role)
        users = get_user_model().objects.bulk_create(users)
        Membership.objects.bulk_create(
            Membership(
                user=user,
                partnership=partnership,
                role=role,
                organisation=council if role != Membership.Role.BOARD else rng.choice(orgs),
            )
            for user, role in zip(users, roles, strict=True)
        )
        authors = [
            u
            for u, r in zip(users, roles, strict=True)
            if r in (Membership.Role.LEADER, Membership.Role.ADMIN)
        ]

        # Inspections: a full inspection; then its monitoring inspection; then an older one.
        inspections_wanted = self.between(v.inspections)
        full_start = monday_on_or_after(
            self.date_between(today - dt.timedelta(days=1360), today - dt.timedelta(days=760))
        )
        outcome = rng.choice([Inspection.Outcome.SYSTEMIC, Inspection.Outcome.INCONSISTENT])
        full = Inspection(
            partnership=partnership,
            kind=Inspection.Kind.FULL,
            start_date=full_start,
            end_date=full_start + dt.timedelta(days=4),
            published_date=full_start + dt.timedelta(days=rng.randint(35, 60)),
            outcome=outcome,
            outcome_text=OUTCOME_TEXT[outcome],
            source="Generated for scale testing",
        )
        inspections = [full]
        monitoring = None
        if inspections_wanted >= 2:
            start = monday_on_or_after(
                min(
                    full_start + dt.timedelta(days=rng.randint(540, 720)),
                    today - dt.timedelta(days=70),
                )
            )
            monitoring = Inspection(
                partnership=partnership,
                kind=Inspection.Kind.MONITORING,
                start_date=start,
                end_date=start + dt.timedelta(days=2),
                published_date=start + dt.timedelta(days=rng.randint(30, 50)),
                follows=full,
                source="Generated for scale testing",
            )
        if inspections_wanted >= 3:
            start = monday_on_or_after(dt.date(rng.randint(2017, 2019), rng.randint(1, 11), 1))
            inspections.append(
                Inspection(
                    partnership=partnership,
                    kind=Inspection.Kind.INSPECTION_2016,
                    start_date=start,
                    end_date=start + dt.timedelta(days=4),
                    published_date=start + dt.timedelta(days=42),
                    source="Generated for scale testing",
                )
            )
        Inspection.objects.bulk_create(inspections)
        if monitoring:
            monitoring.follows = full
            Inspection.objects.bulk_create([monitoring])
            inspections.append(monitoring)

        team = []
        for inspection in inspections:
            size = 2 if inspection.is_follow_up else rng.randint(3, 5)
            for order in range(1, size + 1):
                first, last = self.person()
                team.append(
                    InspectionTeamMember(
                        inspection=inspection,
                        order=order,
                        name=f"{first} {last}",
                        role="Ofsted HMI, lead inspector" if order == 1 else "Inspector",
                        inspectorate="cqc" if order % 3 == 0 else "ofsted",
                        is_signatory=inspection.is_follow_up,
                    )
                )
        InspectionTeamMember.objects.bulk_create(team)
        if monitoring:
            Addressee.objects.bulk_create(
                Addressee(
                    inspection=monitoring,
                    order=order,
                    name=" ".join(self.person()),
                    role=role,
                    organisation=org.name,
                )
                for order, (role, org) in enumerate(
                    [
                        ("Director of Children's Services", council),
                        ("Chief Executive", icb),
                        ("Chair", orgs[2]),
                    ],
                    start=1,
                )
            )

        # Findings of the full inspection, their focus points and responsible bodies.
        findings = [
            Finding(
                inspection=full,
                kind=Finding.Kind.PRIORITY_ACTION,
                number=n,
                statement=statement,
                focus_points_intro="In particular, they should urgently improve:",
            )
            for n, statement in enumerate(
                rng.sample(PRIORITY_STATEMENTS, self.between(v.priority_areas)), start=1
            )
        ] + [
            Finding(inspection=full, kind=Finding.Kind.IMPROVEMENT, number=n, statement=statement)
            for n, statement in enumerate(
                rng.sample(IMPROVEMENT_STATEMENTS, self.between(v.improvement_areas)), start=1
            )
        ]
        findings = Finding.objects.bulk_create(findings)
        priority = [f for f in findings if f.kind == Finding.Kind.PRIORITY_ACTION]
        points = FocusPoint.objects.bulk_create(
            FocusPoint(finding=finding, order=order, text=text)
            for finding in priority
            for order, text in enumerate(rng.sample(FOCUS_POINTS, rng.randint(2, 5)), start=1)
        )
        points_of: dict[int, list[FocusPoint]] = {}
        for point in points:
            points_of.setdefault(point.finding_id, []).append(point)
        Through = Finding.responsible_bodies.through
        Through.objects.bulk_create(
            Through(finding_id=finding.pk, organisation_id=org.pk)
            for finding in findings
            for org in ([council, icb] if finding.kind == "priority_action" else [rng.choice(orgs)])
        )
        if monitoring:
            Judgement.objects.bulk_create(
                Judgement(
                    finding=finding,
                    inspection=monitoring,
                    outcome=rng.choice(["effective", "ineffective"]),
                    narrative=self.narrative(3) + "\n\n" + self.narrative(2),
                )
                for finding in priority
            )

        # Interventions (the DfE acts on systemic failings) and plans.
        interventions = []
        if outcome == Inspection.Outcome.SYSTEMIC:
            interventions = Intervention.objects.bulk_create(
                [
                    Intervention(
                        partnership=partnership,
                        kind="improvement_notice",
                        title="DfE improvement notice (SEND)",
                        date=full.published_date + dt.timedelta(days=90),
                        date_is_approximate=True,
                        summary="Issued by the Department for Education after the inspection.",
                    ),
                    Intervention(
                        partnership=partnership,
                        kind="stocktake",
                        title="DfE stocktake",
                        date=full.published_date + dt.timedelta(days=400),
                        summary="Progress reviewed; monitoring continues.",
                    ),
                ]
            )
        plan_start = full.published_date + dt.timedelta(days=30)
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
                    start_date=plan_start + dt.timedelta(days=365),
                ),
            ]
        )

        # Actions: every finding has at least one; priority areas get twice as many.
        count = self.between(v.actions)
        weights = [2 if f.kind == "priority_action" else 1 for f in findings]
        targets = findings + rng.choices(findings, weights=weights, k=count - len(findings))
        actions = []
        for finding in targets:
            # Work starts throughout the plans' life; a third or so is still ahead of time.
            start = self.date_between(plan_start, today - dt.timedelta(days=30))
            due = start + dt.timedelta(days=rng.randint(120, 720))
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
                completed = self.date_between(start, min(today, due + dt.timedelta(days=30)))
                rag = "blue"
            elif due < today:
                rag = rng.choices(["red", "amber"], weights=[60, 40])[0]
            else:
                rag = rng.choices(["red", "amber", "green"], weights=[15, 45, 40])[0]
            point = None
            if finding.pk in points_of and rng.random() < 0.7:
                point = rng.choice(points_of[finding.pk])
            first, last = self.person()
            actions.append(
                Action(
                    plan=plans[0] if start < plans[1].start_date else plans[1],
                    finding=finding,
                    focus_point=point,
                    title=f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)}",
                    description=self.narrative(2),
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
            for k in range(self.between(v.updates_per_action)):
                rag = action.rag if k == 0 else rng.choice(["red", "amber", "amber", "green"])
                updates.append(
                    ProgressUpdate(
                        action=action,
                        date=day,
                        narrative=self.narrative(rng.randint(1, 3)),
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
        for name, unit, higher, start, target, england in rng.sample(
            MEASURES, self.between(v.measures)
        ):
            start_value = start * rng.uniform(0.85, 1.15)
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

        # Deadlines: 10, some met, some missed, one overdue and one due within 60 days.
        deadlines = []
        for k, (title, source, approximate) in enumerate(rng.sample(DEADLINE_TITLES, v.deadlines)):
            if k == 0:
                due = today - dt.timedelta(days=rng.randint(5, 90))
            elif k == 1:
                due = today + dt.timedelta(days=rng.randint(5, 55))
            else:
                due = self.date_between(
                    full.published_date + dt.timedelta(days=30), today + dt.timedelta(days=240)
                )
            status, met = Deadline.Status.OPEN, None
            if due < today and k != 0:
                status = rng.choices(["met", "missed", "open"], weights=[70, 10, 20])[0]
                if status == "met":
                    met = min(due + dt.timedelta(days=rng.randint(-20, 10)), today)
            intervention = None
            if interventions and source in (Deadline.Source.NOTICE, Deadline.Source.STOCKTAKE):
                intervention = interventions[0 if source == Deadline.Source.NOTICE else 1]
            deadlines.append(
                Deadline(
                    partnership=partnership,
                    title=title,
                    source=source,
                    intervention=intervention,
                    inspection=full if source == Deadline.Source.INSPECTION else None,
                    owner=rng.choice(orgs),
                    due_date=due,
                    is_approximate=approximate,
                    due_text=f"About {due:%B %Y}" if approximate else "",
                    status=status,
                    met_date=met,
                    evidence="Signed off by the SEND Improvement Board." if met else "",
                )
            )
        Deadline.objects.bulk_create(deadlines)
        return partnership


def generate(
    partnerships: int,
    seed: int = 0,
    *,
    volumes: Volumes = TYPICAL,
    today: dt.date | None = None,
) -> list[Partnership]:
    """Create `partnerships` generated partnerships (see the module docstring); one transaction.

    Numbering continues after any generated partnerships already present, so running it
    twice adds more rather than failing.
    """
    rng = random.Random(seed)
    builder = _Builder(rng, today or timezone.localdate(), volumes)
    with transaction.atomic():
        first = next_index()
        return [builder.build(index) for index in range(first, first + partnerships)]
