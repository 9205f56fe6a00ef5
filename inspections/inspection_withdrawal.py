"""Withdraw a whole inspection recorded by mistake (a report imported into the wrong
partnership, say), and restore it.

Withdrawing takes, in one transaction and with one timestamp: the inspection, its findings,
their focus points, its judgements (those it made and those of its findings), the deadlines
it implied, and the organisations its import added that nothing current uses any more.
Restoring brings back exactly the rows withdrawn with that timestamp, unless a current
record now stands in their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from inspections.corrections import (
    WithdrawalRefused,
    current_action_counts,
    restore_row,
    withdraw_row,
)
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
from inspections.services import inspection_record_implied_deadlines
from send_tracker.audit import save_if_current


@dataclass
class WithdrawalPlan:
    """What withdrawing an inspection takes with it, and what stops it (`refusals`)."""

    findings: list[Finding]
    focus_points: list[FocusPoint]
    judgements: list[Judgement]
    deadlines: list[Deadline]
    organisations: list[Organisation]
    refusals: list[str] = field(default_factory=list)


def _judgements_of(inspection: Inspection, manager: QuerySet[Judgement]) -> QuerySet[Judgement]:
    """The judgements it made and the judgements of its findings."""
    return manager.filter(Q(inspection=inspection) | Q(finding__inspection=inspection))


def _unused_organisations(
    inspection: Inspection, findings: list[Finding], deadlines: list[Deadline]
) -> list[Organisation]:
    """The organisations its import added (`added_by_inspection`) that nothing else current
    uses: no other current finding or deadline, no current action (the response's, reached
    by the relation's name only), no membership. An organisation the partnership had
    before, even one only this inspection's findings name, is never taken."""
    own_findings = [f.pk for f in findings]
    own_deadlines = [d.pk for d in deadlines]
    uses = Organisation.objects.filter(
        partnership=inspection.partnership_id, added_by_inspection=inspection
    ).annotate(
        other_findings=Count(
            "findings_responsible_for",
            filter=Q(findings_responsible_for__withdrawn_at__isnull=True)
            & ~Q(findings_responsible_for__pk__in=own_findings),
            distinct=True,
        ),
        other_deadlines=Count(
            "deadlines",
            filter=Q(deadlines__withdrawn_at__isnull=True) & ~Q(deadlines__pk__in=own_deadlines),
            distinct=True,
        ),
        current_actions=Count(
            "actions_led", filter=Q(actions_led__withdrawn_at__isnull=True), distinct=True
        ),
    )
    members = set(
        Membership.objects.filter(organisation__in=uses.values("pk")).values_list(
            "organisation_id", flat=True
        )
    )
    return [
        org
        for org in uses.order_by("name")
        if not (org.other_findings or org.other_deadlines or org.current_actions)
        and org.pk not in members
    ]


def withdrawal_plan(inspection: Inspection) -> WithdrawalPlan:
    """What withdrawing `inspection` would take with it, and why it cannot be withdrawn
    yet, if it cannot: 7 queries."""
    findings = list(Finding.objects.filter(inspection=inspection).priority_first())
    deadlines = list(Deadline.objects.filter(inspection=inspection).order_by("pk"))
    plan = WithdrawalPlan(
        findings=findings,
        focus_points=list(FocusPoint.objects.filter(finding__in=findings)),
        judgements=list(_judgements_of(inspection, Judgement.objects.all())),
        deadlines=deadlines,
        organisations=_unused_organisations(inspection, findings, deadlines),
    )
    counts = current_action_counts(f.pk for f in findings)
    for finding in findings:
        if counts.get(finding.pk):
            n = counts[finding.pk]
            plan.refusals.append(
                f"{finding.title} has {n} current action{'s' if n != 1 else ''}: "
                "withdraw or move them first."
            )
    for follow_up in inspection.follow_ups.order_by("start_date"):
        plan.refusals.append(
            f"The {follow_up.short_kind} of {follow_up.date_range} follows it up: "
            "withdraw that first."
        )
    return plan


@transaction.atomic
def inspection_withdraw(
    *, inspection: Inspection, by: AbstractBaseUser, reason: str
) -> WithdrawalPlan:
    """Withdraw the inspection and all it brought (see the module's docstring); refused
    (WithdrawalRefused, nothing changed) while its findings have current actions or a
    current inspection follows it up."""
    # Locked, so two withdrawals (or a withdrawal and an import) do not interleave.
    Inspection.objects.select_for_update().filter(pk=inspection.pk).get()
    plan = withdrawal_plan(inspection)
    if plan.refusals:
        raise WithdrawalRefused(" ".join(plan.refusals))
    at = timezone.now()
    rows = [*plan.focus_points, *plan.judgements, *plan.findings, *plan.deadlines]
    for row in [*rows, *plan.organisations, inspection]:
        withdraw_row(row, by=by, reason=reason, at=at)
    _reopen_monitoring_deadline(inspection)
    Partnership.objects.filter(pk=inspection.partnership_id).mark_changed()
    return plan


def _reopen_monitoring_deadline(inspection: Inspection) -> None:
    """A monitoring inspection marked its full inspection's expected monitoring met when it
    was recorded (`inspection_record_implied_deadlines`); withdrawn, it no longer does,
    unless another current monitoring inspection follows the same one."""
    follows = inspection.follows
    if inspection.kind != Inspection.Kind.MONITORING or follows is None:
        return
    if follows.follow_ups.filter(kind=Inspection.Kind.MONITORING).exists():
        return
    met = Deadline.objects.filter(
        inspection=follows,
        source=Deadline.Source.FRAMEWORK,
        title__startswith="Monitoring inspection",
        status=Deadline.Status.MET,
        met_date=inspection.end_date,
    )
    for deadline in met:
        changes = {"status": Deadline.Status.OPEN, "met_date": None, "evidence": ""}
        save_if_current(
            Deadline.objects.all(), deadline, expected_version=deadline.version, changes=changes
        )


# --- Restoring ------------------------------------------------------------------------------


@dataclass
class WithdrawnTogether:
    """The rows one withdrawal of an inspection took (the same `withdrawn_at`)."""

    organisations: list[Organisation]
    findings: list[Finding]
    focus_points: list[FocusPoint]
    judgements: list[Judgement]
    deadlines: list[Deadline]


def withdrawn_together(inspection: Inspection) -> WithdrawnTogether:
    """What the inspection's withdrawal took with it: 5 queries."""
    at = inspection.withdrawn_at
    return WithdrawnTogether(
        organisations=list(
            Organisation.all_objects.filter(
                partnership=inspection.partnership_id,
                added_by_inspection=inspection,
                withdrawn_at=at,
            )
        ),
        findings=list(Finding.all_objects.filter(inspection=inspection, withdrawn_at=at)),
        focus_points=list(
            FocusPoint.all_objects.filter(finding__inspection=inspection, withdrawn_at=at)
        ),
        judgements=list(
            _judgements_of(inspection, Judgement.all_objects.all())
            .filter(withdrawn_at=at)
            .select_related("finding")
        ),
        deadlines=list(Deadline.all_objects.filter(inspection=inspection, withdrawn_at=at)),
    )


def restore_conflicts(inspection: Inspection, rows: WithdrawnTogether) -> list[str]:
    """Current records that now stand where the withdrawn ones would return."""
    conflicts: list[str] = []
    again = Inspection.objects.filter(
        partnership=inspection.partnership_id,
        kind=inspection.kind,
        start_date=inspection.start_date,
    ).first()
    if again is not None:
        conflicts.append(
            f"{again.get_kind_display()}, {again.date_range}, is recorded again (imported or "
            "added since). Withdraw that one first if this one is the right record."
        )
    if inspection.follows is not None and inspection.follows.is_withdrawn:
        conflicts.append(
            f"It follows up {inspection.follows.in_sentence}, which is withdrawn: restore "
            "that first."
        )
    names = [org.name for org in rows.organisations]
    for org in Organisation.objects.filter(partnership=inspection.partnership_id, name__in=names):
        conflicts.append(f"The organisation “{org.name}” is recorded again.")
    for judgement in rows.judgements:
        if judgement.finding.is_withdrawn and judgement.finding.inspection_id != inspection.pk:
            conflicts.append(
                f"Its judgement of {judgement.finding.title} is of a finding since withdrawn."
            )
    return conflicts


def inspection_restore(*, inspection: Inspection) -> WithdrawnTogether:
    """Bring back exactly what the inspection's withdrawal took; refused (WithdrawalRefused,
    nothing changed) when a current record now conflicts."""
    try:
        with transaction.atomic():
            Inspection.all_objects.select_for_update().filter(pk=inspection.pk).get()
            rows = withdrawn_together(inspection)
            conflicts = restore_conflicts(inspection, rows)
            if conflicts:
                raise WithdrawalRefused(" ".join(conflicts))
            restore_row(inspection)
            for group in (
                rows.organisations,
                rows.findings,
                rows.focus_points,
                rows.judgements,
                rows.deadlines,
            ):
                for row in group:
                    restore_row(row)
            if inspection.kind == Inspection.Kind.MONITORING and inspection.follows is not None:
                inspection_record_implied_deadlines(inspection=inspection.follows)
            Partnership.objects.filter(pk=inspection.partnership_id).mark_changed()
    except IntegrityError as error:
        # A uniqueness rule the checks above did not foresee: nothing was changed.
        raise WithdrawalRefused(
            "A current record now stands where a withdrawn one would return, so nothing was "
            "restored."
        ) from error
    return rows
