"""Realistic text for generated partnerships: place and people's names, inspection
outcomes and findings, actions, progress updates, measures and deadlines."""

from __future__ import annotations

from decimal import Decimal

from inspections.models import Deadline, Inspection

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
