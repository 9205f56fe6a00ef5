"""The inspection record of one generated partnership: the partnership, its organisations
and users, inspections (team, addressees), findings (focus points, responsible bodies,
judgements), the DfE's interventions and the deadlines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from devtools.scale.text import (
    DEADLINE_TITLES,
    FOCUS_POINTS,
    IMPROVEMENT_STATEMENTS,
    OUTCOME_TEXT,
    PRIORITY_STATEMENTS,
)
from devtools.scale.volumes import NAME_SUFFIX, SLUG_PREFIX, Draws, monday_on_or_after, place_name
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

# Users per role (20 in all, in every partnership): every role is present.
ROLE_MIX = [
    (Membership.Role.ADMIN, 2),
    (Membership.Role.LEADER, 6),
    (Membership.Role.OFFICER, 4),
    (Membership.Role.BOARD, 7),
    (Membership.Role.FORUM, 1),
]

# Read-only members, who may come from any of the partnership's organisations.
BOARD_ROLES = {Membership.Role.BOARD, Membership.Role.FORUM}


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


@dataclass
class Record:
    """What the response and the deadlines are built on."""

    partnership: Partnership
    orgs: list[Organisation]
    authors: list  # users who write progress updates: leaders and admins
    full: Inspection
    findings: list[Finding]
    points_of: dict[int, list[FocusPoint]]
    interventions: list[Intervention]

    @property
    def published(self) -> dt.date:
        """The full inspection's publication date, which the generator always sets."""
        assert self.full.published_date is not None
        return self.full.published_date


def build_record(draw: Draws, index: int) -> Record:
    """The partnership and its inspection record, up to the DfE's interventions."""
    rng, today, v = draw.rng, draw.today, draw.v
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
            first, last = draw.person()
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
            organisation=council if role not in BOARD_ROLES else rng.choice(orgs),
        )
        for user, role in zip(users, roles, strict=True)
    )
    authors = [
        u
        for u, r in zip(users, roles, strict=True)
        if r in (Membership.Role.LEADER, Membership.Role.ADMIN)
    ]

    # Inspections: a full inspection; then its monitoring inspection; then an older one.
    inspections_wanted = draw.between(v.inspections)
    full_start = monday_on_or_after(
        draw.date_between(today - dt.timedelta(days=1360), today - dt.timedelta(days=760))
    )
    outcome = rng.choice([Inspection.Outcome.SYSTEMIC, Inspection.Outcome.INCONSISTENT])
    published = full_start + dt.timedelta(days=rng.randint(35, 60))
    full = Inspection(
        partnership=partnership,
        kind=Inspection.Kind.FULL,
        start_date=full_start,
        end_date=full_start + dt.timedelta(days=4),
        published_date=published,
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
            first, last = draw.person()
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
                name=" ".join(draw.person()),
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
            rng.sample(PRIORITY_STATEMENTS, draw.between(v.priority_areas)), start=1
        )
    ] + [
        Finding(inspection=full, kind=Finding.Kind.IMPROVEMENT, number=n, statement=statement)
        for n, statement in enumerate(
            rng.sample(IMPROVEMENT_STATEMENTS, draw.between(v.improvement_areas)), start=1
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
                narrative=draw.narrative(3) + "\n\n" + draw.narrative(2),
            )
            for finding in priority
        )

    # Interventions (the DfE acts on systemic failings).
    interventions = []
    if outcome == Inspection.Outcome.SYSTEMIC:
        interventions = Intervention.objects.bulk_create(
            [
                Intervention(
                    partnership=partnership,
                    kind="improvement_notice",
                    title="DfE improvement notice (SEND)",
                    date=published + dt.timedelta(days=90),
                    date_is_approximate=True,
                    summary="Issued by the Department for Education after the inspection.",
                ),
                Intervention(
                    partnership=partnership,
                    kind="stocktake",
                    title="DfE stocktake",
                    date=published + dt.timedelta(days=400),
                    summary="Progress reviewed; monitoring continues.",
                ),
            ]
        )
    return Record(
        partnership=partnership,
        orgs=orgs,
        authors=authors,
        full=full,
        findings=findings,
        points_of=points_of,
        interventions=interventions,
    )


def build_deadlines(draw: Draws, record: Record) -> None:
    """The partnership's deadlines; drawn last, after the response."""
    rng, today, v = draw.rng, draw.today, draw.v
    partnership, full, orgs = record.partnership, record.full, record.orgs
    published, interventions = record.published, record.interventions

    # Deadlines: 10, some met, some missed, one overdue and one due within 60 days.
    deadlines = []
    for k, (title, source, approximate) in enumerate(rng.sample(DEADLINE_TITLES, v.deadlines)):
        if k == 0:
            due = today - dt.timedelta(days=rng.randint(5, 90))
        elif k == 1:
            due = today + dt.timedelta(days=rng.randint(5, 55))
        else:
            due = draw.date_between(
                published + dt.timedelta(days=30), today + dt.timedelta(days=240)
            )
        status: str = Deadline.Status.OPEN
        met = None
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
