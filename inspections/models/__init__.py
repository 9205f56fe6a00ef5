"""The inspection record: partnerships, inspections, findings, judgements and deadlines.

One module per thing modelled; import from here (`from inspections.models import Finding`).
"""

from inspections.models.deadline import Deadline, DeadlineQuerySet, Intervention
from inspections.models.finding import (
    Finding,
    FindingQuerySet,
    FocusPoint,
    Judgement,
    kind_order,
)
from inspections.models.inspection import Addressee, Inspection, InspectionTeamMember
from inspections.models.invitation import Invitation, InvitationQuerySet
from inspections.models.partnership import (
    Membership,
    Organisation,
    Partnership,
    PartnershipScopedQuerySet,
)

__all__ = [
    "Addressee",
    "Deadline",
    "DeadlineQuerySet",
    "Finding",
    "FindingQuerySet",
    "FocusPoint",
    "Inspection",
    "InspectionTeamMember",
    "Intervention",
    "Invitation",
    "InvitationQuerySet",
    "Judgement",
    "Membership",
    "Organisation",
    "Partnership",
    "PartnershipScopedQuerySet",
    "kind_order",
]
